/**
 * The COVID-19 shock in the benchmark's clean data (detection/known-breaks.ts `covid-19-2020`,
 * March 2020 to June 2021): every force's recorded crime moves with the national lockdowns, by offence
 * group, so that checks must recognise a national change rather than flag it, and the post-shock
 * shapes (shapes.ts) start from a real shock. Log-mean multiplier for force f, group g, month t:
 *
 *   exp(depth_g · profile(t) · s_f),  s_f ~ U(.8, 1.2) per force (a force's own exposure)
 *
 * - profile: .6 in March 2020, 1 in April–May 2020 (first lockdown), .5 June–October 2020, .8
 *   November 2020–February 2021 (second and third lockdowns), .4 March–April 2021, .2 May–June 2021,
 *   0 otherwise (the known break's span);
 * - depth_g (log scale): theft and robbery −.40 (about −33%), criminal damage −.15, sexual offences
 *   −.15, violence −.10, weapons −.10, miscellaneous −.05, public order 0, drugs +.20 (more stop and
 *   search in empty streets). Rounded from the shape of ONS's year ending March 2021 bulletin; the
 *   magnitudes are synthetic, not published figures.
 * It is a known path, so the oracle's mean contains it (oracle.ts).
 */
import { monthIndex } from '#core/series/months.ts';
import type { Rng } from '../rng.ts';

export const SHOCK_DEPTH: Readonly<Record<string, number>> = {
  'Theft offences': -0.4,
  Robbery: -0.4,
  'Criminal damage and arson': -0.15,
  'Sexual offences': -0.15,
  'Violence against the person': -0.1,
  'Possession of weapons offences': -0.1,
  'Miscellaneous crimes against society': -0.05,
  'Public order offences': 0,
  'Drug offences': 0.2,
};

const PROFILE: ReadonlyArray<[string, string, number]> = [
  ['2020-03', '2020-03', 0.6],
  ['2020-04', '2020-05', 1],
  ['2020-06', '2020-10', 0.5],
  ['2020-11', '2021-02', 0.8],
  ['2021-03', '2021-04', 0.4],
  ['2021-05', '2021-06', 0.2],
];

export function shockProfile(month: string): number {
  for (const [from, to, v] of PROFILE) if (month >= from && month <= to) return v;
  return 0;
}

/** A force's exposure s_f to the shock. */
export function shockExposure(root: Rng, force: string): number {
  return 0.8 + 0.4 * root.derive(`shock-exposure:${force}`).uniform();
}

/** The log-multiplier of each month for one force and group (0 outside the shock). */
export function shockPath(months: readonly string[], group: string, exposure: number): Float64Array {
  const depth = SHOCK_DEPTH[group] ?? 0;
  const out = new Float64Array(months.length);
  months.forEach((m, t) => {
    out[t] = depth * shockProfile(m) * exposure;
  });
  return out;
}

/** First and last month of the simulated shock. */
export const SHOCK_SPAN = { start: '2020-03', end: '2021-06' } as const;
export const SHOCK_MONTHS = monthIndex(SHOCK_SPAN.end) - monthIndex(SHOCK_SPAN.start) + 1;
