// The evidence every draft carries: compact for a screened window, the fit, test, gates and peers for
// a candidate; snake_case keys, and no engine fields (material, discriminator) among them.
import { describe, expect, it } from 'vitest';
import { testEvidence } from '#core/checks/no-crime/test-evidence.ts';
import { assessed, keysOf, kinds } from './assessed.ts';

const { reported, screened, covered } = kinds(assessed());
const PARAMETERS = { window_months: 3, min_rate_ratio: 1.5 };

describe('testEvidence', () => {
  it('gives a screened window only the numbers of its own test', () => {
    const e = testEvidence(screened, PARAMETERS);
    expect(Object.keys(e).sort()).toEqual(['method', 'test']);
    expect(e.method).toContain('not assessed further');
    expect(e.test).toMatchObject({
      y: screened.test.result.plugIn.y,
      p_window: screened.test.result.pValue,
      p_value: screened.pScreen,
    });
  });

  it('gives a candidate the parameters with its level and source family, fit, test, gates and peers', () => {
    const e = testEvidence(reported, PARAMETERS);
    expect(e.parameters).toEqual({ ...PARAMETERS, level: 'all', source_family: 'aggregate' });
    expect(Object.keys(e).sort()).toEqual(['fit', 'gates', 'method', 'parameters', 'peer', 'scan', 'test']);
    expect(e.scan).toMatchObject({
      windows: reported.test.scanSize,
      window_start: reported.test.windowStart,
    });
    expect(e.test).toMatchObject({ p_own: reported.test.result.pValue, p_value: reported.pValue });
    expect(e.gates).toMatchObject({ candidate: true, material: true, peer_applied: true });
  });

  it('says what covers a candidate that is not reported', () => {
    const e = testEvidence(covered, PARAMETERS);
    expect(e.covered_by).toMatchObject({ reason: covered.coverReason, p_value: covered.coveredBy!.pValue });
  });

  it('uses snake_case keys only and leaves the engine fields to the draft', () => {
    for (const a of [reported, screened, covered]) {
      const e = testEvidence(a, PARAMETERS);
      expect(keysOf(e).filter((k) => /[A-Z]/.test(k))).toEqual([]);
      // gates.material is the gate's own verdict; the draft's material (reported or not) is a typed field.
      expect(Object.keys(e)).not.toContain('material');
      expect(Object.keys(e)).not.toContain('discriminator');
    }
  });
});
