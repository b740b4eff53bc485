/**
 * The annotations stage of runChecks, after gating and consolidation: a finding whose force,
 * period and offences overlap an annotation (detection/annotations.ts annotationCovers) names every
 * such annotation in `evidence.annotations` (ids, sorted) and drops one severity band (high →
 * medium → low → info), once however many annotations it overlaps. The break is a documented
 * explanation an auditor can check, so the finding is still reported. No check family needs to know:
 * checks only keep annotated months out of their baselines (detection/built-in-annotations.ts).
 * Identity has no severity or evidence, so finding ids do not change.
 *
 * One exception to the band drop: a built-in NATIONAL break (COVID-19, Action Fraud, the 2014
 * recording drive, the burglary recoding) is cited but does not lower. Every force lived through
 * it and the checks measure a force against its peers and its own break-free months, so it cannot
 * explain why one force stands out; a finding spanning years (a recurring March dip, a level shift
 * to the end of the data) would otherwise lose a band for merely containing 2020. A force's own
 * break lowers: the built-in one (Greater Manchester's 2019 records system) and every annotation an
 * auditor records, national in cause or not, since it is recorded for that force.
 */
import { annotationCovers } from '../detection/annotations.ts';
import { builtInBreakOf } from '../detection/built-in-annotations.ts';
import type { Annotation } from '../model/annotations.ts';
import type { Finding, Severity } from '../model/findings.ts';
import { canonicalJson } from './canonical-json.ts';

/** One band lower: high → medium → low → info. */
export function lowerSeverity(s: Severity): Severity {
  return s === 'high' ? 'medium' : s === 'medium' ? 'low' : 'info';
}

export function applyAnnotations(
  findings: readonly Finding[],
  annotations: readonly Annotation[],
): Finding[] {
  // Few findings are kept and a few hundred annotations exist: a plain scan is enough.
  return findings.map((f) => {
    const cited = annotations.filter((a) => annotationCovers(a, f));
    if (cited.length === 0) return f;
    const ids = [...new Set(cited.map((a) => a.annotation_id))].sort();
    const evidence = { ...(JSON.parse(f.evidence) as Record<string, unknown>), annotations: ids };
    const severity = cited.some(lowers) ? lowerSeverity(f.severity) : f.severity;
    return { ...f, severity, evidence: canonicalJson(evidence) };
  });
}

/** False for a built-in national break only (see the header). */
function lowers(a: Annotation): boolean {
  return builtInBreakOf(a.annotation_id)?.force_code !== null;
}
