import { describe, expect, it } from 'vitest';
import {
  LaddersSchema,
  ladderSteps,
  SERIOUSNESS_LADDERS,
  stepPhrase,
} from '#core/detection/seriousness-ladders.ts';

describe('seriousness ladders', () => {
  it('has every adjacent step, named, most serious first', () => {
    const steps = ladderSteps(SERIOUSNESS_LADDERS);
    expect(steps.map((s) => s.id)).toEqual([
      'violence:5d>8n',
      'violence:8n>105a',
      'sexual:rape>sexual-assault',
      'sexual:sexual-assault>other-sexual',
      'robbery:34b>39',
    ]);
    expect(steps.map((s) => s.name)).toEqual([
      '5D → 8N',
      '8N → 105A',
      'rapes → sexual assaults',
      'sexual assaults → other contact sexual offences',
      '34B → 39',
    ]);
    expect(stepPhrase(steps[0]!)).toBe('5D → 8N, a step down the violence ladder');
    expect(steps[1]!.position).toBe(2);
  });

  it('states a reason and a source for every ordering', () => {
    for (const l of SERIOUSNESS_LADDERS) {
      expect(l.reason.length).toBeGreaterThan(50);
      expect(l.sources.length).toBeGreaterThan(0);
    }
  });

  it('refuses an unknown code or a code on two rungs', () => {
    const ladder = (codes: string[][]) => [
      {
        id: 'x',
        name: 'x',
        offence_group: 'Robbery',
        rungs: codes.map((c, i) => ({ id: `r${i}`, label: 'r', codes: c })),
        reason: 'r',
        sources: ['s'],
      },
    ];
    expect(LaddersSchema.safeParse(ladder([['34B'], ['39']])).success).toBe(true);
    expect(LaddersSchema.safeParse(ladder([['34B'], ['NOPE']])).success).toBe(false);
    expect(LaddersSchema.safeParse(ladder([['34B'], ['34B']])).success).toBe(false);
  });
});
