import { describe, expect, it } from 'vitest';
import { seriousnessWeight, severityOf } from '#core/detection/seriousness.ts';

describe('severityOf: harm, size and clarity together', () => {
  it('is high only when all three are met', () => {
    expect(severityOf({ weightedExcess: 1500, relativeEffect: -0.25, z: 7 })).toBe('high');
    expect(severityOf({ weightedExcess: 1500, relativeEffect: 1.5, z: 5 })).toBe('high');
  });

  it('keeps a large but small-relative drift (−11% shoplifting in a big force) below high', () => {
    const shoplifting = seriousnessWeight('Theft offences', '46');
    expect(severityOf({ weightedExcess: 4000 * shoplifting, relativeEffect: -0.11, z: 12 })).toBe('medium');
  });

  it('keeps an unclear change below high however large it is', () => {
    expect(severityOf({ weightedExcess: 5000, relativeEffect: -0.4, z: 4 })).toBe('medium');
    expect(severityOf({ weightedExcess: 5000, relativeEffect: -0.4, z: 2.5 })).toBe('low');
  });

  it('is low for a small harm or a small change', () => {
    expect(severityOf({ weightedExcess: 150, relativeEffect: -0.5, z: 9 })).toBe('low');
    expect(severityOf({ weightedExcess: 900, relativeEffect: -0.08, z: 9 })).toBe('low');
  });

  it('weighs seriousness: 20 rapes outweigh 60 thefts', () => {
    const rape = 20 * seriousnessWeight('Sexual offences', '19C');
    const theft = 60 * seriousnessWeight('Theft offences', '49');
    expect(rape).toBeGreaterThan(theft);
    expect(severityOf({ weightedExcess: rape, relativeEffect: 1.2, z: 4 })).toBe('medium');
    expect(severityOf({ weightedExcess: theft, relativeEffect: 1.2, z: 4 })).toBe('low');
  });
});
