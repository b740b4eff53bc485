/**
 * Tested shifts built by hand, for the coverage rule and the modules that render its outcome: force
 * F, violence against the person (the group, a code of it, or the force total).
 */
import type { TestedShift } from '#core/checks/sudden-drop/coarsest.ts';
import type { SeriesSpec } from '#core/checks/sudden-drop/panel.ts';

export const VAP = 'Violence against the person';

/** A shift for the rule alone: force F, change at period `change`, a 12-period post window. */
export function shift(
  level: SeriesSpec['level'],
  over: Partial<
    Pick<TestedShift, 'change' | 'logRateRatio' | 'se' | 'pValue' | 'material' | 'shortfall'>
  > = {},
  code = '8N',
): TestedShift {
  const spec: SeriesSpec =
    level === 'total'
      ? { id: 'total', level, offence_group: null, offence_subgroup: null, offence_code: null, groups: [VAP] }
      : level === 'group'
        ? {
            id: `group:${VAP}`,
            level,
            offence_group: VAP,
            offence_subgroup: null,
            offence_code: null,
            groups: [VAP],
          }
        : {
            id: `code:${code}`,
            level,
            offence_group: VAP,
            offence_subgroup: null,
            offence_code: code,
            groups: [VAP],
          };
  const change = over.change ?? 60;
  return {
    spec,
    force: 'F',
    change,
    postWindow: [change, change + 11],
    logRateRatio: over.logRateRatio ?? Math.log(0.8),
    se: over.se ?? 0.04,
    pValue: over.pValue ?? 1e-6,
    material: over.material ?? true,
    shortfall: over.shortfall ?? 100,
    coveredBy: null,
    covers: [],
    explains: [],
  };
}
