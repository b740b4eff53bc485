import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  count,
  reportedParameters,
  ruleVersionOf,
  share,
} from '#core/checks/reclassification/family-config.ts';

describe('reclassification configuration helpers', () => {
  it("reports exactly the reported schema's fields, snake_cased", () => {
    const reported = z.object({ minBaseCount: count(5), campaignAlpha: share(0.05) });
    expect(reportedParameters(reported, { minBaseCount: 7, campaignAlpha: 0.1, families: [] })).toEqual({
      min_base_count: 7,
      campaign_alpha: 0.1,
    });
  });

  it('bounds counts and shares', () => {
    expect(count(5).parse(undefined)).toBe(5);
    expect(() => count(5).parse(-1)).toThrow();
    expect(() => count(5).parse(0.5)).toThrow();
    expect(() => share(0.1).parse(1.01)).toThrow();
  });

  it('appends the family table version to the rules', () => {
    expect(ruleVersionOf('1.3.0', { familiesVersion: '2025.1' })).toBe('1.3.0+families.2025.1');
  });
});
