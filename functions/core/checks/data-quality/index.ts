/**
 * The data-quality checks (signature `data_quality`), in the order they are registered. They are
 * rules, not tests: none produces a p-value, so none is subject to the q-value gate.
 */
import type { Check } from '../check.ts';
import {
  cancelledExceedsRecordedCheck,
  createCancelledExceedsRecordedCheck,
} from './cancelled-exceeds-recorded.ts';
import { type DataQualityOverride, dataQualityConfig } from './config.ts';
import { createDownwardRevisionCheck, downwardRevisionCheck } from './downward-revision.ts';
import { createDuplicateCrimeIdCheck, duplicateCrimeIdCheck } from './duplicate-crime-id.ts';
import { createDuplicateKeyCheck, duplicateKeyCheck } from './duplicate-key.ts';
import { createInvalidCountCheck, invalidCountCheck } from './invalid-count.ts';
import { createMissingOffenceCheck, missingOffenceCheck } from './missing-offence.ts';
import { createMissingPeriodCheck, missingPeriodCheck } from './missing-period.ts';
import {
  createStatusDateBeforeRecordedCheck,
  statusDateBeforeRecordedCheck,
} from './status-date-before-recorded.ts';
import { createTotalsMismatchCheck, totalsMismatchCheck } from './totals-mismatch.ts';
import { createUnknownOffenceCodeCheck, unknownOffenceCodeCheck } from './unknown-offence-code.ts';
import { createZeroRunCheck, zeroRunCheck } from './zero-run.ts';

/**
 * The family's checks with `override` applied to the default configuration (config.ts); a bad
 * override throws a ZodError naming the field.
 */
export function dataQualityChecks(override: DataQualityOverride = {}): Check[] {
  const config = dataQualityConfig(override);
  return [
    createMissingPeriodCheck(config),
    createMissingOffenceCheck(config),
    createDuplicateKeyCheck(config),
    createDuplicateCrimeIdCheck(config),
    createStatusDateBeforeRecordedCheck(config),
    createUnknownOffenceCodeCheck(config),
    createInvalidCountCheck(config),
    createZeroRunCheck(config),
    createCancelledExceedsRecordedCheck(config),
    createDownwardRevisionCheck(config),
    createTotalsMismatchCheck(config),
  ];
}

/** The family at its default configuration, as the default registry runs it. */
export const DATA_QUALITY_CHECKS: readonly Check[] = dataQualityChecks();

export {
  cancelledExceedsRecordedCheck,
  downwardRevisionCheck,
  duplicateCrimeIdCheck,
  duplicateKeyCheck,
  invalidCountCheck,
  missingOffenceCheck,
  missingPeriodCheck,
  statusDateBeforeRecordedCheck,
  totalsMismatchCheck,
  unknownOffenceCodeCheck,
  zeroRunCheck,
};
