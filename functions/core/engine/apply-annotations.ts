/**
 * The annotations stage of runChecks, after gating and consolidation: a finding whose force,
 * period and offences overlap an annotation (detection/annotations.ts annotationCovers) names every
 * such annotation in `evidence.annotations` (ids, sorted) and drops one severity band (high →
 * medium → low → info), once however many annotations it overlaps. The break is a documented
 * explanation an auditor can check, so the finding is still reported. No check family needs to know:
 * checks only keep annotated months out of their baselines (detection/built-in-annotations.ts).
 * Identity has no severity or evidence, so finding ids do not change.
 */
import { annotationCovers } from '../detection/annotations.ts';
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
  const byForce = new Map<string, Annotation[]>();
  for (const a of annotations) {
    const list = byForce.get(a.force_code) ?? [];
    list.push(a);
    byForce.set(a.force_code, list);
  }
  return findings.map((f) => {
    const cited = (byForce.get(f.force_code) ?? []).filter((a) => annotationCovers(a, f));
    if (cited.length === 0) return f;
    const ids = [...new Set(cited.map((a) => a.annotation_id))].sort();
    const evidence = { ...(JSON.parse(f.evidence) as Record<string, unknown>), annotations: ids };
    return { ...f, severity: lowerSeverity(f.severity), evidence: canonicalJson(evidence) };
  });
}
