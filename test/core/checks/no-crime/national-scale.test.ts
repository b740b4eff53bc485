// A national audit's size (44 forces × ~140 offence codes × 120 months, ~730k cells): the no-crime
// check emits one tested draft per hypothesis there. Its time is a figure of
// `npm run bench:national-audit`, not an assertion: a bound in a test measures the machine's load.
import { describe, expect, it } from 'vitest';
import type { AuditInput } from '#core/checks/check.ts';
import { createNoCrimeSpikeCheck } from '#core/checks/no-crime/index.ts';
import { runCheck } from '#test-support/run-check.ts';
import { generateCancellations } from './generator.ts';

describe('no_crime.spike at national scale', () => {
  it('tests every eligible series and window of 44 forces × 150 codes × 10 years, each with a p-value', () => {
    const g = generateCancellations({ seed: 'national', codes: 150, start: '2014-04', end: '2024-03' });
    expect(g.rows.length).toBeGreaterThan(700_000);
    const input: AuditInput = { current: g.rows, history: g.rows, notes: [], forces: g.forces };
    const check = createNoCrimeSpikeCheck();
    const drafts = runCheck(check, input);
    // ~3.5·10⁴ hypotheses (one per eligible series and window), every one with a p-value.
    expect(drafts.length).toBeGreaterThan(20_000);
    expect(drafts.length).toBeLessThan(60_000);
    expect(drafts.every((d) => d.p_value !== null)).toBe(true);
  }, 300_000);
});
