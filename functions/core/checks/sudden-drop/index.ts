/**
 * The sudden-drop checks (signature `sudden_drop`, METHODS §4), in the order they are registered:
 * level shifts against peers (3A + 3B), financial-year-end dips (3C: recurring, and one-off in one
 * year) and bunching of forces' changes
 * just past a crime-reduction target (3D). All three are tests: each draft carries a p-value and the
 * engine's run-wide Benjamini–Hochberg step decides what is reported.
 *
 * `createSuddenDropChecks(config)` builds the three with one configuration (targets, known breaks,
 * thresholds; `suddenDropConfig(override)` makes one from a partial override); `SUDDEN_DROP_CHECKS`
 * is the default set for the registry.
 */
import type { Check } from '../check.ts';
import {
  DEFAULT_SUDDEN_DROP_CONFIG,
  type SuddenDropConfig,
  type SuddenDropConfigOverride,
  suddenDropConfig,
} from './config.ts';
import { createLevelShiftCheck, LEVEL_SHIFT_CHECK_ID, levelShiftCheck } from './level-shift.ts';
import { createPeriodEndDipCheck, PERIOD_END_DIP_CHECK_ID, periodEndDipCheck } from './period-end-dip.ts';
import {
  createTargetBunchingCheck,
  TARGET_BUNCHING_CHECK_ID,
  targetBunchingCheck,
} from './target-bunching.ts';
import { createYearEndDipCheck, YEAR_END_DIP_CHECK_ID, yearEndDipCheck } from './year-end-dip.ts';

export function createSuddenDropChecks(config: SuddenDropConfig = DEFAULT_SUDDEN_DROP_CONFIG): Check[] {
  return [
    createLevelShiftCheck(config),
    createPeriodEndDipCheck(config),
    createYearEndDipCheck(config),
    createTargetBunchingCheck(config),
  ];
}

export const SUDDEN_DROP_CHECKS: readonly Check[] = [
  levelShiftCheck,
  periodEndDipCheck,
  yearEndDipCheck,
  targetBunchingCheck,
];

export {
  DEFAULT_SUDDEN_DROP_CONFIG,
  type SuddenDropConfig,
  type SuddenDropConfigOverride,
  suddenDropConfig,
  createLevelShiftCheck,
  createPeriodEndDipCheck,
  createTargetBunchingCheck,
  LEVEL_SHIFT_CHECK_ID,
  levelShiftCheck,
  PERIOD_END_DIP_CHECK_ID,
  periodEndDipCheck,
  TARGET_BUNCHING_CHECK_ID,
  targetBunchingCheck,
  createYearEndDipCheck,
  YEAR_END_DIP_CHECK_ID,
  yearEndDipCheck,
};
