/**
 * What the reclassification checks could see for each audited force, so that the run says it instead
 * of letting "no reclassification finding" read as "no reclassification":
 *
 * - `record_level`: the force supplied a record-level extract with reclassifications (original →
 *   final code), so downgrades are seen directly (the benchmark found a year-long 20% downgrade of 8N
 *   into 105A in every median-sized force it was injected into);
 * - `aggregate`: only aggregate code-level returns hold a substitutable family, so only a shift of
 *   the family's mix beyond the natural drift of forces' mixes can be seen (the same downgrade was
 *   found about one time in three);
 * - `not_checked`: no code-level returns with a family's codes (e.g. the offence-group table): the
 *   serious and lesser codes cannot be told apart, so reclassification cannot be checked at all.
 */
import {
  RECLASSIFICATION_FAMILIES,
  type ReclassificationFamily,
} from '#core/reference/reclassification-families.ts';
import type { AuditInput, CoverageReport } from '../check.ts';
import { forceList } from '../wording.ts';

export type ReclassificationCoverageStatus = 'record_level' | 'aggregate' | 'not_checked';

export interface ReclassificationCoverage {
  force_code: string;
  status: ReclassificationCoverageStatus;
  /** Families with code-level returns for both sides (serious and lesser). */
  families: string[];
  message: string;
}

const MESSAGES: Record<ReclassificationCoverageStatus, string> = {
  record_level: 'reclassification checked from a record-level extract (each downgrade seen directly)',
  aggregate:
    'reclassification checked from aggregate returns only: a downgrade shows only as a shift in the ' +
    'offence mix beyond natural drift (a year-long 20% downgrade in a median-sized force was found about ' +
    'one time in three in the detection benchmark); a record-level extract shows downgrades directly',
  not_checked: 'reclassification not checked: no code-level returns with a substitutable family of codes',
};

export function reclassificationCoverage(
  input: Pick<AuditInput, 'current' | 'forces' | 'transitions'>,
  families: readonly ReclassificationFamily[] = RECLASSIFICATION_FAMILIES,
): ReclassificationCoverage[] {
  const codesByForce = new Map<string, Set<string>>();
  for (const r of input.current) {
    if (r.level !== 'code' || r.offence_code === null) continue;
    const codes = codesByForce.get(r.force_code) ?? new Set<string>();
    codesByForce.set(r.force_code, codes);
    codes.add(r.offence_code);
  }
  // A force supplied an extract when any current cell came from one, or it reported reclassifications.
  const withExtract = new Set((input.transitions ?? []).filter((t) => t.count > 0).map((t) => t.force_code));
  for (const r of input.current) if (r.source_format === 'record_level') withExtract.add(r.force_code);
  return [...new Set(input.forces)].sort().map((force) => {
    const codes = codesByForce.get(force) ?? new Set<string>();
    const seen = families
      .filter((f) => f.serious.codes.some((c) => codes.has(c)) && f.lesser.codes.some((c) => codes.has(c)))
      .map((f) => f.id);
    const status: ReclassificationCoverageStatus = withExtract.has(force)
      ? 'record_level'
      : seen.length > 0
        ? 'aggregate'
        : 'not_checked';
    return { force_code: force, status, families: seen, message: `${force}: ${MESSAGES[status]}` };
  });
}

/**
 * The run's account of reclassification coverage: one clause for the runs table, and a notice for
 * each kind of limited view naming its forces.
 */
export function reclassificationCoverageReport(
  input: Pick<AuditInput, 'current' | 'forces' | 'transitions'>,
): CoverageReport {
  const coverage = reclassificationCoverage(input);
  const forcesWith = (status: ReclassificationCoverageStatus) =>
    coverage.filter((c) => c.status === status).map((c) => c.force_code);
  const notices: string[] = [];
  for (const [status, text] of LIMITED_VIEWS) {
    const forces = forcesWith(status);
    if (forces.length > 0) notices.push(`${text} for ${forces.length} force(s) (${forceList(forces)})`);
  }
  const summary =
    coverage.length === 0
      ? ''
      : `reclassification seen for ${coverage.length} force(s): ${forcesWith('record_level').length} from record-level extracts, ` +
        `${forcesWith('aggregate').length} only as offence-mix shifts in aggregate returns, ${forcesWith('not_checked').length} not checked`;
  return { signature: 'reclassification', summary, notices };
}

const LIMITED_VIEWS: ReadonlyArray<readonly [ReclassificationCoverageStatus, string]> = [
  [
    'aggregate',
    'Reclassification seen only as offence-mix shifts (aggregate returns; a record-level extract shows each downgrade)',
  ],
  ['not_checked', 'Reclassification not checked (no code-level returns with a substitutable family)'],
];
