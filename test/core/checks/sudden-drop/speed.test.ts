import { describe, expect, it } from 'vitest';
import { createSuddenDropChecks } from '#core/checks/sudden-drop/index.ts';
import { CheckRegistry } from '#core/engine/registry.ts';
import { runChecks } from '#core/engine/run-checks.ts';
import { cleanReturns } from './clean-returns.ts';
import { auditInput } from './helpers.ts';

/**
 * The sudden-drop checks at national-audit scale (44 forces × ~150 offence codes × 120 months): they
 * run without error and stay calibrated. Their time is a figure of `npm run bench:national-audit`,
 * not an assertion here: a wall-clock bound in a test measures the test machine's load.
 */
describe('sudden-drop checks on a national audit', () => {
  it('run on 44 forces × 147 codes × 120 months without error and stay calibrated', () => {
    const g = cleanReturns({ seed: 1, start: '2014-04', months: 120 });
    expect(g.forces).toHaveLength(44);
    expect(g.codes.length).toBeGreaterThanOrEqual(145);
    expect(g.rows.length).toBe(44 * g.codes.length * 120);
    const registry = new CheckRegistry().registerAll(createSuddenDropChecks());
    const result = runChecks(registry, auditInput(g.rows), { run_id: 'speed', now: new Date(0) });
    expect(result.errors).toEqual([]);
    // And still calibrated at this scale: at most 0.1 findings per force-year on clean data.
    expect(result.findings.length / (44 * 10)).toBeLessThanOrEqual(0.1);
  });
});
