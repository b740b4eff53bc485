// An assessed window as a check draft: the engine's fields typed (material, discriminator), none of
// the check's identity (the engine fills it), and the summary and evidence of its fate.
import { describe, expect, it } from 'vitest';
import { configParameters, DEFAULT_NO_CRIME_CONFIG } from '#core/checks/no-crime/config.ts';
import { draftFor } from '#core/checks/no-crime/draft.ts';
import { assessed, kinds } from './assessed.ts';

const { reported, screened, covered } = kinds(assessed());
const ctx = {
  config: DEFAULT_NO_CRIME_CONFIG,
  parameters: configParameters(DEFAULT_NO_CRIME_CONFIG),
  siblings: [],
  cusum: null,
};

describe('draftFor', () => {
  it('drafts a reported window as material, with its severity and full evidence', () => {
    const d = draftFor(reported, ctx);
    expect(d).toMatchObject({
      force_code: 'staffordshire',
      period_start: '2019-04',
      period_end: '2019-06',
      unit: 'rate',
      related_offence_code: null,
      material: true,
      discriminator: `stream:${reported.test.force.stream.level}|block:${reported.test.blockStart}|window:2019-04`,
    });
    expect(d.severity).not.toBe('info');
    expect(d.summary).toMatch(/the rise requires explanation\.$/);
    expect(d.evidence.window_months).toBeDefined();
    expect(d.p_value).toBe(reported.pValue);
  });

  it('drafts a screened or covered window as not material, severity info, compact evidence', () => {
    for (const a of [screened, covered]) {
      const d = draftFor(a, ctx);
      expect(d.material).toBe(false);
      expect(d.severity).toBe('info');
      expect(d.summary).toMatch(/; below the reporting gate\.$/);
      expect(d.evidence.window_months).toBeUndefined();
    }
  });

  it('leaves the check identity to the engine and the engine fields out of the evidence', () => {
    const d = draftFor(reported, ctx) as Record<string, unknown> & { evidence: Record<string, unknown> };
    for (const k of ['check_id', 'rule_version', 'signature']) expect(d).not.toHaveProperty(k);
    for (const k of ['material', 'discriminator', 'inputs']) expect(d.evidence).not.toHaveProperty(k);
  });
});
