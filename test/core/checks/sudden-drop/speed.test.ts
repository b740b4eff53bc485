import { describe, expect, it } from 'vitest';
import { createSuddenDropChecks } from '#core/checks/sudden-drop/index.ts';
import { CheckRegistry } from '#core/engine/registry.ts';
import { runChecks } from '#core/engine/run-checks.ts';
import { cleanReturns } from './clean-returns.ts';
import { auditInput } from './helpers.ts';

/**
 * The national-audit budget: 44 forces × ~150 offence codes × 120 months must go through the whole
 * engine in under 10 s on one core. The sudden-drop checks take a small share of it because PELT
 * runs on force totals, offence groups and only the few large codes, not on every code.
 */
describe('sudden-drop checks on a national audit', () => {
  it('run on 44 forces × 147 codes × 120 months in well under the 10 s budget', () => {
    const g = cleanReturns({ seed: 1, start: '2014-04', months: 120 });
    expect(g.forces).toHaveLength(44);
    expect(g.codes.length).toBeGreaterThanOrEqual(145);
    expect(g.rows.length).toBe(44 * g.codes.length * 120);
    const registry = new CheckRegistry().registerAll(createSuddenDropChecks());
    const t0 = performance.now();
    // Fresh rows: the shared indexes (streams, national series, peers) are built inside the timing.
    const result = runChecks(registry, auditInput(g.rows), { run_id: 'speed', now: new Date(0) });
    const seconds = (performance.now() - t0) / 1000;
    expect(result.errors).toEqual([]);
    expect(seconds).toBeLessThan(6); // ~1.6 s alone on one core; headroom for a loaded test machine
    // And still calibrated at this scale: at most 0.1 findings per force-year on clean data.
    expect(result.findings.length / (44 * 10)).toBeLessThanOrEqual(0.1);
  });
});
