/**
 * Assessed windows of a small generated audit (10 forces, 14 codes, a tripled cancellation rate in
 * Staffordshire from 2019-04), for the tests of the modules that turn an assessment into a draft.
 */
import { auditContext } from '#core/checks/audit-context.ts';
import type { AuditInput } from '#core/checks/check.ts';
import { analyse } from '#core/checks/no-crime/analysis.ts';
import { DEFAULT_NO_CRIME_CONFIG } from '#core/checks/no-crime/config.ts';
import { type Assessment, assess, isReported } from '#core/checks/no-crime/gates.ts';
import { generateCancellations, TEN_FORCES } from './generator.ts';

const FORCES = TEN_FORCES;

export function assessed(): Assessment[] {
  const g = generateCancellations({
    seed: 'draft-modules',
    forces: FORCES,
    codes: 14,
    start: '2016-04',
    end: '2020-02',
    rho: [0.0005, 0.003],
    injections: [{ force: 'staffordshire', start: '2019-04', months: 3, ratio: 3 }],
  });
  const input: AuditInput = { current: g.rows, history: g.rows, notes: [], forces: FORCES };
  const analysis = analyse(auditContext(input), DEFAULT_NO_CRIME_CONFIG, input.cohorts);
  return assess(analysis.tested, analysis, DEFAULT_NO_CRIME_CONFIG);
}

/** The one reported window (Staffordshire's all-offences series from 2019-04), a screened one, and a candidate not reported. */
export function kinds(all: readonly Assessment[]): {
  reported: Assessment;
  screened: Assessment;
  covered: Assessment;
} {
  const reported = all.filter(isReported);
  if (reported.length !== 1) throw new Error(`expected one reported window, got ${reported.length}`);
  const screened = all.find((a) => !a.candidate);
  const covered = all.find((a) => a.candidate && a.coveredBy !== null);
  if (!screened || !covered) throw new Error('fixture lacks a screened or a covered window');
  return { reported: reported[0]!, screened, covered };
}

/** Every key of a JSON-like value, nested ones included. */
export function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [k, ...keysOf(v)]);
}
