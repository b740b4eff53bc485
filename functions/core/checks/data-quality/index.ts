/**
 * The data-quality checks (signature `data_quality`), in the order they are registered. They are
 * rules, not tests: none produces a p-value, so none is subject to the q-value gate.
 */
import type { Check } from '../check.ts';
import { cancelledExceedsRecordedCheck } from './cancelled-exceeds-recorded.ts';
import { downwardRevisionCheck } from './downward-revision.ts';
import { duplicateCrimeIdCheck } from './duplicate-crime-id.ts';
import { duplicateKeyCheck } from './duplicate-key.ts';
import { invalidCountCheck } from './invalid-count.ts';
import { missingOffenceCheck } from './missing-offence.ts';
import { missingPeriodCheck } from './missing-period.ts';
import { statusDateBeforeRecordedCheck } from './status-date-before-recorded.ts';
import { totalsMismatchCheck } from './totals-mismatch.ts';
import { unknownOffenceCodeCheck } from './unknown-offence-code.ts';
import { zeroRunCheck } from './zero-run.ts';

export const DATA_QUALITY_CHECKS: readonly Check[] = [
  missingPeriodCheck,
  missingOffenceCheck,
  duplicateKeyCheck,
  duplicateCrimeIdCheck,
  statusDateBeforeRecordedCheck,
  unknownOffenceCodeCheck,
  invalidCountCheck,
  zeroRunCheck,
  cancelledExceedsRecordedCheck,
  downwardRevisionCheck,
  totalsMismatchCheck,
];

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
