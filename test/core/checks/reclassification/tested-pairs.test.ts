import { describe, expect, it } from 'vitest';
import { testedPairs } from '#core/checks/reclassification/tested-pairs.ts';
import { SERIOUSNESS_LADDERS } from '#core/detection/seriousness-ladders.ts';
import { RECLASSIFICATION_FAMILIES } from '#core/reference/reclassification-families.ts';

describe('pairs the mix-shift check tests', () => {
  const pairs = testedPairs(RECLASSIFICATION_FAMILIES, SERIOUSNESS_LADDERS);
  const byId = new Map(pairs.map((p) => [p.family.id, p]));

  it('tests a step no family covers as a pair of its own, and not a covered step twice', () => {
    expect(pairs.map((p) => p.family.id)).toEqual([
      ...RECLASSIFICATION_FAMILIES.map((f) => f.id),
      'step-violence-5d-8n',
      'step-sexual-sexual-assault-other-sexual',
    ]);
    const step = byId.get('step-violence-5d-8n')!;
    expect(step.family.serious.codes).toEqual(['5D']);
    expect(step.family.lesser.codes).toEqual(['8N']);
    expect(step.family.level).toBe('code');
    expect(step.family.labels['5D']).toBe('assaults with intent to cause serious harm');
  });

  it('names the step a family covers', () => {
    expect(byId.get('violence-injury')!.step?.id).toBe('violence:8n>105a');
    expect(byId.get('rape-other-sexual')!.step?.id).toBe('sexual:rape>sexual-assault');
    expect(byId.get('robbery-theft-person')!.step?.id).toBe('robbery:34b>39');
    expect(byId.get('residential-burglary')!.step).toBeNull();
  });

  it('puts pairs that share a code in one cluster', () => {
    expect(byId.get('step-violence-5d-8n')!.cluster).toBe('violence-injury');
    expect(byId.get('step-sexual-sexual-assault-other-sexual')!.cluster).toBe('rape-other-sexual');
    expect(byId.get('robbery-theft-person')!.cluster).toBe('robbery-theft-person');
  });
});
