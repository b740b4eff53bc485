/**
 * The reclassification signature's checks: the year-on-year family mix shift on aggregate returns
 * (with the peer comparison in its evidence) and the record-level downgrade test. The registry adds
 * `RECLASSIFICATION_CHECKS`; the factories take thresholds, families and targets for other settings.
 */
import type { Check } from '../check.ts';
import { reclassificationMixShiftCheck } from './mix-shift-check.ts';
import { reclassificationRecordLevelCheck } from './record-level-check.ts';

export {
  type ReclassificationCoverage,
  type ReclassificationCoverageStatus,
  reclassificationCoverage,
} from './coverage.ts';
export {
  createMixShiftCheck,
  MIX_SHIFT_CHECK_ID,
  reclassificationMixShiftCheck,
} from './mix-shift-check.ts';
export {
  type MixShiftCheckConfig,
  type MixShiftConfig,
  MixShiftConfigSchema,
} from './mix-shift-config.ts';
export {
  createRecordLevelCheck,
  RECORD_LEVEL_CHECK_ID,
  reclassificationRecordLevelCheck,
} from './record-level-check.ts';
export {
  type RecordLevelCheckConfig,
  type RecordLevelConfig,
  RecordLevelConfigSchema,
} from './record-level-config.ts';

export const RECLASSIFICATION_CHECKS: readonly Check[] = [
  reclassificationMixShiftCheck,
  reclassificationRecordLevelCheck,
];
