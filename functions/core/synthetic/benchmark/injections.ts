/**
 * Labelled injections into a clean benchmark panel (METHODS §6), applied to a copy of its counts:
 *
 * - S1 `reclassification`: each month of the window, X ~ Bin(recorded_s, δ) crimes leave the serious
 *   code s and are recorded as the lesser code l (their cancellations are untouched).
 * - S2 `no_crime_spike`: the cancellation proportion p becomes min(.95, R·p): each crime still
 *   recorded is cancelled with probability (R·p − p)/(1 − p), so X ~ Bin(recorded, that) crimes move
 *   from `recorded` to `cancelled` — cancelled crimes also leave the published count.
 * - S3 `sudden_drop`: from t0 a share Δ of crimes is never recorded: recorded ~ Bin(recorded, 1 − Δ)
 *   and the cancellations of the unrecorded crimes go with them (cancelled ~ Bin(cancelled, 1 − Δ)).
 * - S3 `year_end_dip`: the same removal for the `duration` months from t0 (January–March of one
 *   financial year), then recovery: the month after (April) is untouched except that a share
 *   `deferred_share` of the removed crimes is recorded then instead, X ~ Bin(removed, share) added to
 *   April's recorded count (crimes held back past the year-end, HMIC 2014).
 * Negative controls, which no check should flag:
 * - `national_rule_change`: in every listed force (all of them) a share φ of code s — recorded and
 *   cancelled alike — is recorded as code l from t0 on, as a Home Office Counting Rules change would.
 * - `recording_improvement`: recorded crime rises in the listed forces, ramping linearly over 12 months
 *   to ×(1 + size) and staying there (2014: violence +11%, rape +29–31% after HMIC's inspection);
 *   the extra crimes are X ~ Poisson(recorded · (m_t − 1)) and are not cancelled.
 *
 * Every label records exactly what was done: the months, the crimes moved / cancelled / removed /
 * added each month, and the codes, subgroups and groups a finding may name to count as a hit.
 */
import type { Signature } from '#core/model/findings.ts';
import { lookupOffence } from '#core/reference/offence-reference.ts';
import { addMonths, monthIndex } from '#core/series/months.ts';
import { createRng } from '../rng.ts';
import { type BenchmarkPanel, cellOf, clonePanel } from './generator.ts';
import { FAMILIES, familyCodes } from './offences.ts';
import { type OracleResult, oracleForLabel } from './oracle.ts';

export const INJECTION_KINDS = [
  'reclassification',
  'no_crime_spike',
  'sudden_drop',
  'year_end_dip',
  'national_rule_change',
  'recording_improvement',
] as const;
export type InjectionKind = (typeof INJECTION_KINDS)[number];

/** The kinds a check should flag, and the signature it should flag them under. */
export const INJECTION_SIGNATURE: Readonly<Record<InjectionKind, Signature | null>> = {
  reclassification: 'reclassification',
  no_crime_spike: 'no_crime_spike',
  sudden_drop: 'sudden_drop',
  year_end_dip: 'sudden_drop',
  national_rule_change: null,
  recording_improvement: null,
};

/** Months a recording improvement takes to reach its full size. */
export const IMPROVEMENT_RAMP_MONTHS = 12;
/** Cap on an inflated cancellation proportion. */
export const MAX_CANCEL_PROBABILITY = 0.95;

export interface InjectionSpec {
  /** Unique within a run; defaults to kind:forces:codes:t0:size. */
  id?: string;
  kind: InjectionKind;
  /** One force for S1–S3; the affected forces for the controls. */
  forces: readonly string[];
  /** S1 and rule change: the single code crimes leave. S2, S3, improvement: every code touched. */
  codes: readonly string[];
  /** S1 and rule change: the code the crimes are recorded as instead. */
  to_code?: string;
  /** First month affected. */
  t0: string;
  /** Months affected, t0 included. */
  duration: number;
  /**
   * The D of the detection window [t0, t0 + D + 3] when it differs from the effect's duration: a level
   * shift that lasts to the end of the data must still be found within its first year to count.
   */
  detect_within?: number;
  /** δ (S1), R (S2), Δ (S3), φ (rule change) or the rise (improvement, 0.11 = +11%). */
  size: number;
  /** Free tag carried to the label, e.g. what the injection stands for in the benchmark. */
  stratum?: string;
  /** Free tag naming the unit (family id, offence group) for reports. */
  unit?: string;
  /** The shape the injection stands for (shapes.ts); defaults to one per kind (defaultShape). */
  shape?: string;
  /** year_end_dip: share of the removed crimes recorded in the month after the dip instead. */
  deferred_share?: number;
}

/** The shape of an injection given without one: the benchmark's original grid shapes. */
export function defaultShape(kind: InjectionKind): string {
  switch (kind) {
    case 'reclassification':
      return 'downgrade';
    case 'no_crime_spike':
      return 'no_crime_rise';
    case 'sudden_drop':
      return 'level_drop';
    default:
      return kind;
  }
}

export interface InjectionLabel extends InjectionSpec {
  id: string;
  shape: string;
  /** year_end_dip: crimes recorded in the month after the dip instead (0 for other kinds). */
  deferred: number;
  /** The signature that should flag it; null for a negative control (nothing should). */
  signature: Signature | null;
  /** Months the effect covers, in order. */
  months: string[];
  /** Crimes moved (S1, rule change), newly cancelled (S2), removed (S3) or added (improvement) per month. */
  applied: number[];
  total: number;
  /** Codes a finding may name (offence_code or related_offence_code) to count as about this label. */
  match_codes: string[];
  /** Subgroups and groups of those codes: findings at a coarser level count when they name one. */
  match_subgroups: string[];
  match_groups: string[];
  /** The oracle's z for this injection on the injected panel (oracle.ts); null for a negative control. */
  oracle: OracleResult | null;
}

export function defaultInjectionId(spec: InjectionSpec): string {
  const where = spec.forces.length === 1 ? spec.forces[0] : `${spec.forces.length}-forces`;
  const what = spec.codes.length <= 2 ? spec.codes.join('+') : (spec.unit ?? `${spec.codes.length}-codes`);
  return `${spec.kind}:${where}:${what}${spec.to_code ? `>${spec.to_code}` : ''}:${spec.t0}:${spec.size}`;
}

/** The codes a finding may name for a label: the whole substitutable family for a downgrade. */
function matchCodesOf(spec: InjectionSpec): string[] {
  if (spec.kind === 'reclassification' || spec.kind === 'national_rule_change') {
    const from = spec.codes[0]!;
    const family = FAMILIES.find(
      (f) => familyCodes(f).includes(from) && familyCodes(f).includes(spec.to_code!),
    );
    return family ? familyCodes(family) : [from, spec.to_code!];
  }
  return [...spec.codes];
}

function validate(panel: BenchmarkPanel, spec: InjectionSpec): void {
  if (spec.forces.length === 0) throw new RangeError(`injection ${spec.kind} names no force`);
  if (spec.codes.length === 0) throw new RangeError(`injection ${spec.kind} names no code`);
  if (!Number.isInteger(spec.duration) || spec.duration < 1)
    throw new RangeError(`injection duration must be a whole number of months ≥ 1, got ${spec.duration}`);
  const first = monthIndex(panel.months[0]!);
  const last = monthIndex(panel.months[panel.months.length - 1]!);
  const t0 = monthIndex(spec.t0);
  if (t0 < first || t0 + spec.duration - 1 > last)
    throw new RangeError(`injection ${spec.kind} at ${spec.t0} for ${spec.duration} months leaves the panel`);
  const moves = spec.kind === 'reclassification' || spec.kind === 'national_rule_change';
  if (moves && (spec.codes.length !== 1 || !spec.to_code))
    throw new RangeError(`a ${spec.kind} moves one code to one other code (codes: [from], to_code)`);
  const okSize =
    spec.kind === 'no_crime_spike'
      ? spec.size >= 1
      : spec.kind === 'recording_improvement'
        ? spec.size >= 0
        : spec.size >= 0 && spec.size <= 1;
  if (!okSize) throw new RangeError(`injection ${spec.kind} has an impossible size ${spec.size}`);
  if (spec.kind === 'year_end_dip') {
    const share = spec.deferred_share ?? 0;
    if (!(share >= 0 && share <= 1)) throw new RangeError(`deferred_share must be in [0, 1], got ${share}`);
    if (t0 + spec.duration > last)
      throw new RangeError('a year-end dip needs the month after it in the panel (its recovery)');
  }
  if (spec.detect_within !== undefined && !(Number.isInteger(spec.detect_within) && spec.detect_within >= 1))
    throw new RangeError(`detect_within must be a whole number of months ≥ 1, got ${spec.detect_within}`);
  // Throws when a force or code is not in the panel.
  for (const force of spec.forces) {
    for (const code of spec.codes) cellOf(panel, force, code);
    if (spec.to_code) cellOf(panel, force, spec.to_code);
  }
}

/**
 * Applies the injections in order to a copy of the panel and returns it with one label per
 * injection. The clean panel is not modified. Draws come from a stream per injection id, so the same
 * panel and specs always give the same counts.
 */
export function applyInjections(
  panel: BenchmarkPanel,
  specs: readonly InjectionSpec[],
): { panel: BenchmarkPanel; labels: InjectionLabel[] } {
  const out = clonePanel(panel);
  const labels: InjectionLabel[] = [];
  const ids = new Set<string>();
  for (const spec of specs) {
    validate(out, spec);
    const id = spec.id ?? defaultInjectionId(spec);
    if (ids.has(id)) throw new RangeError(`two injections share the id ${id}`);
    ids.add(id);
    const rng = createRng(`injection:${String(panel.seed)}:${id}`);
    const offset = monthIndex(spec.t0) - monthIndex(out.months[0]!);
    const months = Array.from({ length: spec.duration }, (_, i) => addMonths(spec.t0, i));
    const applied = new Array<number>(spec.duration).fill(0);
    let deferred = 0;

    for (const force of spec.forces) {
      for (const code of spec.codes) {
        const cell = cellOf(out, force, code);
        const target = spec.to_code ? cellOf(out, force, spec.to_code) : null;
        const before = Array.from({ length: spec.duration }, (_, i) => cell.recorded[offset + i]!);
        const removedOf = (j: number) => before[j]! - cell.recorded[offset + j]!;
        for (let i = 0; i < spec.duration; i++) {
          const t = offset + i;
          const r = cell.recorded[t]!;
          const c = cell.cancelled[t]!;
          switch (spec.kind) {
            case 'reclassification': {
              const x = rng.binomial(r, spec.size);
              cell.recorded[t] = r - x;
              target!.recorded[t] = target!.recorded[t]! + x;
              applied[i]! += x;
              break;
            }
            case 'national_rule_change': {
              const x = rng.binomial(r, spec.size);
              const xc = rng.binomial(c, spec.size);
              cell.recorded[t] = r - x;
              cell.cancelled[t] = c - xc;
              target!.recorded[t] = target!.recorded[t]! + x;
              target!.cancelled[t] = target!.cancelled[t]! + xc;
              applied[i]! += x;
              break;
            }
            case 'no_crime_spike': {
              const p = cell.cancelProbability[t]!;
              const inflated = Math.min(MAX_CANCEL_PROBABILITY, spec.size * p);
              const x = rng.binomial(r, Math.max(0, (inflated - p) / (1 - p)));
              cell.recorded[t] = r - x;
              cell.cancelled[t] = c + x;
              applied[i]! += x;
              break;
            }
            case 'sudden_drop': {
              const kept = rng.binomial(r, 1 - spec.size);
              cell.recorded[t] = kept;
              cell.cancelled[t] = rng.binomial(c, 1 - spec.size);
              applied[i]! += r - kept;
              break;
            }
            case 'year_end_dip': {
              const kept = rng.binomial(r, 1 - spec.size);
              cell.recorded[t] = kept;
              cell.cancelled[t] = rng.binomial(c, 1 - spec.size);
              applied[i]! += r - kept;
              if (i === spec.duration - 1) {
                // Recovery month: a share of this code's removed crimes is recorded now instead.
                const removed = months.reduce((acc, _, j) => acc + removedOf(j), 0);
                const x = rng.binomial(removed, spec.deferred_share ?? 0);
                cell.recorded[t + 1] = cell.recorded[t + 1]! + x;
                deferred += x;
              }
              break;
            }
            case 'recording_improvement': {
              const ramp = Math.min(1, (i + 1) / IMPROVEMENT_RAMP_MONTHS);
              const x = rng.poisson(r * spec.size * ramp);
              cell.recorded[t] = r + x;
              applied[i]! += x;
              break;
            }
          }
        }
      }
    }

    const match_codes = matchCodesOf(spec);
    const infos = match_codes.map((code) => lookupOffence(code)).filter((o) => o !== null);
    labels.push({
      ...spec,
      forces: [...spec.forces],
      codes: [...spec.codes],
      id,
      shape: spec.shape ?? defaultShape(spec.kind),
      deferred,
      signature: INJECTION_SIGNATURE[spec.kind],
      months,
      applied,
      total: applied.reduce((a, b) => a + b, 0),
      match_codes,
      match_subgroups: [...new Set(infos.map((o) => o.subgroup))],
      match_groups: [...new Set(infos.map((o) => o.group))],
      oracle: null,
    });
  }
  // Injections sit in distinct forces (or are controls), so each label's oracle reads the final counts.
  for (const label of labels) label.oracle = oracleForLabel(out, label);
  return { panel: out, labels };
}
