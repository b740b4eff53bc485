import { beforeAll, describe, expect, it } from 'vitest';
import { annotatedSpans } from '#core/checks/reclassification/annotated-months.ts';
import { RECLASSIFICATION_CHECKS } from '#core/checks/reclassification/index.ts';
import { knownBreaksOf, withBuiltIns } from '#core/detection/built-in-annotations.ts';
import { CheckRegistry } from '#core/engine/registry.ts';
import { runChecks } from '#core/engine/run-checks.ts';
import type { Annotation } from '#core/model/annotations.ts';
import type { Finding } from '#core/model/findings.ts';
import type { ReturnRow } from '#core/model/returns.ts';
import { RECLASSIFICATION_FAMILIES } from '#core/reference/reclassification-families.ts';
import { auditorAnnotation } from '#test-support/annotations.ts';
import { auditInput, exampleReturns } from './example-data.ts';

const VAP = 'Violence against the person';
const AT = new Date('2025-01-01T00:00:00Z');
const note = (force: string, group: string | null, start: string, end: string | null): Annotation =>
  auditorAnnotation(force, group, start, end, AT);

describe("the months of a force's annotated breaks a reclassification test leaves out", () => {
  const violence = RECLASSIFICATION_FAMILIES.find((f) => f.id === 'violence-injury')!;

  it('covers a family through its group or all offences, for that force only', () => {
    const breaks = knownBreaksOf([
      note('kent', VAP, '2021-01', '2021-06'),
      note('kent', 'Robbery', '2022-01', '2022-03'),
      note('kent', null, '2023-01', null),
      note('essex', VAP, '2020-01', '2020-12'),
    ]);
    expect(annotatedSpans(breaks, 'kent', violence)).toEqual([
      ['2021-01', '2021-06'],
      ['2023-01', '9999-12'],
    ]);
    expect(annotatedSpans(breaks, 'surrey', violence)).toEqual([]);
  });
});

describe('reclassification.mix_shift with an annotated break in a baseline', () => {
  let rows: ReturnRow[];
  const hertsViolence = (annotations?: readonly Annotation[]): Finding[] => {
    const input = annotations ? { ...auditInput(rows), annotations } : auditInput(rows);
    const result = runChecks(new CheckRegistry().registerAll(RECLASSIFICATION_CHECKS), input, {
      run_id: 'r1',
      now: AT,
    });
    expect(result.errors).toEqual([]);
    return result.findings.filter(
      (f) =>
        f.check_id === 'reclassification.mix_shift' &&
        f.force_code === 'hertfordshire' &&
        JSON.parse(f.evidence).family.id === 'violence-injury',
    );
  };
  beforeAll(async () => {
    rows = await exampleReturns();
  }, 60_000);

  it('tests no year-on-year window against a baseline holding the explained months', () => {
    // The demo's 8N → 105A downgrade from 2022-10 is reported against the 12 months before it.
    const windowed = (fs: Finding[]) =>
      fs.filter((f) => JSON.parse(f.evidence).window.kind !== 'since_change');
    const plain = windowed(hertsViolence());
    expect(plain.map((f) => JSON.parse(f.evidence).baseline.start)).toEqual(['2021-10']);
    const explained = hertsViolence(withBuiltIns([note('hertfordshire', VAP, '2022-01', '2022-03')]));
    for (const f of windowed(explained)) {
      const { start, end } = JSON.parse(f.evidence).baseline as { start: string; end: string };
      expect(end < '2022-01' || start > '2022-03').toBe(true);
    }
    expect(explained.map((f) => f.finding_id)).not.toContain(plain[0]!.finding_id);
    // The scan since the change still finds it, from a baseline without those months, and says so.
    const scan = explained.filter((f) => JSON.parse(f.evidence).window.kind === 'since_change');
    expect(scan).toHaveLength(1);
    const base = JSON.parse(scan[0]!.evidence).baseline;
    expect(base.explained_months).toEqual(['2022-01', '2022-02', '2022-03']);
    expect(base.description).toMatch(/leaving out 3 the force's annotated break explains/);
  }, 120_000);
});
