/**
 * Seriousness ladders: offences that a recording decision moves between, ordered from the most to
 * the least serious. Each adjacent pair of rungs is a step a downgrade can take (5D → 8N → 105A), and
 * every step is tested, so a downgrade inside what one reclassification family counts as its serious
 * side (5D to 8N, both "with injury") is not invisible. A rung is a set of codes that are variants of
 * one offence (the eight rape codes).
 *
 * The orderings come from the law and the counting rules, not from data: each ladder states why its
 * order holds and where it comes from. Validated at load: an unknown code, or a code on two rungs,
 * is a programming error and throws here.
 */
import { z } from 'zod';
import { lookupOffence } from '#core/reference/offence-reference.ts';

const RungSchema = z.strictObject({
  /** Short id, part of a step's id ("5d", "rape"). */
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** Plural noun phrase for summaries ("assaults with intent to cause serious harm"). */
  label: z.string().min(1),
  codes: z.array(z.string().min(1)).min(1),
});

const LadderSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** "the violence ladder": how a summary names it. */
  name: z.string().min(1),
  offence_group: z.string().min(1),
  /** Most serious first; at least two rungs. */
  rungs: z.array(RungSchema).min(2),
  /** Why the order holds. */
  reason: z.string().min(1),
  /** Where the ordering comes from (statute, counting rules, sentencing guidance). */
  sources: z.array(z.string().min(1)).min(1),
});
export type SeriousnessLadder = z.infer<typeof LadderSchema>;
export type LadderRung = z.infer<typeof RungSchema>;

export const LaddersSchema = z.array(LadderSchema).superRefine((ladders, ctx) => {
  for (const ladder of ladders) {
    const seen = new Set<string>();
    for (const rung of ladder.rungs) {
      for (const code of rung.codes) {
        if (lookupOffence(code) === null)
          ctx.addIssue({ code: 'custom', message: `ladder ${ladder.id}: unknown offence code ${code}` });
        if (seen.has(code))
          ctx.addIssue({ code: 'custom', message: `ladder ${ladder.id}: code ${code} on two rungs` });
        seen.add(code);
      }
    }
  }
});

const RAPE_CODES = ['19C', '19D', '19E', '19F', '19G', '19H', '19J', '19K'];

export const SERIOUSNESS_LADDERS: readonly SeriousnessLadder[] = LaddersSchema.parse([
  {
    id: 'violence',
    name: 'the violence ladder',
    offence_group: 'Violence against the person',
    rungs: [
      { id: '5d', label: 'assaults with intent to cause serious harm', codes: ['5D'] },
      { id: '8n', label: 'assaults with injury', codes: ['8N'] },
      { id: '105a', label: 'assaults without injury', codes: ['105A'] },
    ],
    reason:
      'Wounding or causing grievous bodily harm with intent (s.18) carries a maximum of life, actual ' +
      'bodily harm or unlawful wounding without intent (ss.20, 47) five years, and common assault ' +
      '(no injury) six months. Which code is recorded turns on the injury and the intent recorded, ' +
      'so each step down is a recording judgement.',
    sources: [
      'Offences against the Person Act 1861 ss.18, 20, 47; Criminal Justice Act 1988 s.39',
      'Home Office Counting Rules for Recorded Crime, violence against the person (classifications 5D, 8N, 105A)',
      'Sentencing Council, Assault definitive guideline (2021)',
    ],
  },
  {
    id: 'sexual',
    name: 'the sexual-offences ladder',
    offence_group: 'Sexual offences',
    rungs: [
      { id: 'rape', label: 'rapes', codes: RAPE_CODES },
      { id: 'sexual-assault', label: 'sexual assaults', codes: ['20A', '20B', '17A', '17B'] },
      {
        id: 'other-sexual',
        label: 'other contact sexual offences',
        codes: ['22A', '22B', '21'],
      },
    ],
    reason:
      'Rape (penetration without consent) carries a maximum of life, sexual assault (touching) ten ' +
      'years, and the sexual-activity offences below it less for most victims. A rape report recorded ' +
      'as sexual assault, or a sexual assault recorded as a sexual-activity offence, takes one step ' +
      'down when penetration or touching is doubted at recording.',
    sources: [
      'Sexual Offences Act 2003 ss.1, 3, 4, 5-9 (maximum sentences)',
      'Home Office Counting Rules for Recorded Crime, sexual offences (classifications 19C-19K, 17, 20, 21, 22)',
      'HMIC 2014, Crime-recording: making the victim count (sexual offences 26% under-recorded)',
    ],
  },
  {
    id: 'robbery',
    name: 'the robbery ladder',
    offence_group: 'Robbery',
    rungs: [
      { id: '34b', label: 'robberies of personal property', codes: ['34B'] },
      { id: '39', label: 'thefts from the person', codes: ['39'] },
    ],
    reason:
      'Robbery is theft with force or the threat of force (maximum life); theft from the person is the ' +
      'same taking without it (maximum seven years). Recording a snatch as theft takes one step down.',
    sources: [
      'Theft Act 1968 ss.1, 7, 8',
      'PASC 2014, Caught red-handed, HC 760 (robberies recorded as theft from the person)',
    ],
  },
]);

/** One adjacent pair of rungs: the step a downgrade takes. */
export interface LadderStep {
  /** `violence:5d>8n`. */
  id: string;
  ladder: SeriousnessLadder;
  upper: LadderRung;
  lower: LadderRung;
  /** 1 for the top step of the ladder. */
  position: number;
  /** "5D → 8N" (a rung of several codes is named by its label). */
  name: string;
}

const rungName = (r: LadderRung): string => (r.codes.length === 1 ? r.codes[0]! : r.label);

/** Every adjacent step of every ladder, top step first within each ladder. */
export function ladderSteps(ladders: readonly SeriousnessLadder[]): LadderStep[] {
  return ladders.flatMap((ladder) =>
    ladder.rungs.slice(0, -1).map((upper, i) => {
      const lower = ladder.rungs[i + 1]!;
      return {
        id: `${ladder.id}:${upper.id}>${lower.id}`,
        ladder,
        upper,
        lower,
        position: i + 1,
        name: `${rungName(upper)} → ${rungName(lower)}`,
      };
    }),
  );
}

/** "5D → 8N, a step down the violence ladder". */
export function stepPhrase(step: LadderStep): string {
  return `${step.name}, a step down ${step.ladder.name}`;
}
