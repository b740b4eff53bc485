// The example returns (examples/returns) through the real file reader and the engine: the planted
// no-crime spike (staffordshire, cancellations ×3) is the only no_crime_spike finding, in the right
// months, dated by the CUSUM.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readReturnFile } from '#adapters/files/read-return.ts';
import type { AuditInput } from '#core/checks/check.ts';
import { NO_CRIME_CHECKS, noCrimeCoverage } from '#core/checks/no-crime/index.ts';
import { CheckRegistry } from '#core/engine/registry.ts';
import { runChecks } from '#core/engine/run-checks.ts';
import type { Finding } from '#core/model/findings.ts';
import type { ReturnRow } from '#core/model/returns.ts';

const ROOT = join(import.meta.dirname, '../../../../examples');

interface Label {
  kind: string;
  force_code: string;
  period_start: string;
  period_end: string;
  months: string[];
}

let input: AuditInput;
let findings: Finding[];
let label: Label;

beforeAll(async () => {
  const labels = JSON.parse(readFileSync(join(ROOT, 'LABELS.json'), 'utf8')) as {
    monthly_returns: { labels: Label[] };
  };
  label = labels.monthly_returns.labels.find((l) => l.kind === 'no_crime_spike')!;
  const rows: ReturnRow[] = [];
  const dir = join(ROOT, 'returns');
  for (const file of readdirSync(dir).sort()) {
    const read = await readReturnFile(join(dir, file), {
      submitted_at: new Date('2024-05-01T00:00:00Z'),
      run_id: 'examples',
    });
    if (!read.ok) throw new Error(`${file} was rejected`);
    rows.push(...read.rows.map((r) => ({ ...r, input_sha256: read.input_sha256 })));
  }
  const forces = [...new Set(rows.map((r) => r.force_code))].sort();
  input = { current: rows, history: rows, notes: [], forces };
  const run = runChecks(new CheckRegistry().registerAll(NO_CRIME_CHECKS), input, {
    run_id: 'examples',
    now: new Date('2024-05-01T00:00:00Z'),
  });
  expect(run.errors).toEqual([]);
  findings = run.findings;
}, 120_000);

describe('no_crime.spike on the example returns', () => {
  it('flags the planted staffordshire spike and nothing else', () => {
    expect(label).toMatchObject({
      force_code: 'staffordshire',
      period_start: '2022-11',
      period_end: '2023-02',
    });
    expect(new Set(findings.map((f) => f.force_code))).toEqual(new Set(['staffordshire']));
  });

  it('reports the spike once, at the all-offences level, in its best window', () => {
    // Windows of 3–5 months at every start: the best one lies wholly inside the four spiked months
    // (the whole four months at rule 2.0.0); the overlapping and adjacent windows are covered by it
    // (one episode, one finding).
    expect(findings.map((f) => [f.offence_group, f.offence_code])).toEqual([[null, null]]);
    const [f] = findings;
    expect(label.months).toContain(f!.period_start);
    expect(label.months).toContain(f!.period_end);
    expect(
      label.months.indexOf(f!.period_end) - label.months.indexOf(f!.period_start),
    ).toBeGreaterThanOrEqual(2);
    expect(f!.q_value!).toBeLessThan(1e-6);
    expect(f!.observed! / f!.expected!).toBeGreaterThan(2.5);
    expect(f!.severity).toBe('high');
    expect(f!.summary).toMatch(
      /^staffordshire cancelled 6\.[89]% \([\d,]+ of [\d,]+\) of the crimes it recorded in 2022-1[12] to 2023-0[12] against 2\.3% expected from its previous 2\d months of returns; a CUSUM chart dates the rise from 2022-11; the rise requires explanation\.$/,
    );
  });

  it('dates the onset to the first spiked month, so that the finding spans the whole episode', () => {
    const [f] = findings;
    const e = JSON.parse(f!.evidence) as {
      cusum: { onset: string; alarm: string };
      components: Array<{ level: string }>;
    };
    expect(e.cusum.onset).toBe(label.period_start);
    expect(label.months).toContain(f!.period_end);
    expect(e.cusum.alarm >= label.period_start && e.cusum.alarm <= f!.period_end).toBe(true);
    // The groups that share the rise are listed in the evidence rather than reported again.
    expect(e.components.length).toBeGreaterThanOrEqual(5);
    expect(e.components.every((c) => c.level === 'group')).toBe(true);
  });

  it('reports every example force as tested', () => {
    const cov = noCrimeCoverage(input);
    expect(cov).toHaveLength(44);
    expect(cov.every((c) => c.status === 'tested')).toBe(true);
  });
});
