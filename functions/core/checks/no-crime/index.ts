/**
 * The no_crime_spike signature's public surface: the check (default instance and factory), its
 * configuration, and the coverage report that says where the check could not run.
 */
export {
  DEFAULT_NO_CRIME_CONFIG,
  NO_CRIME_RULE_VERSION,
  type NoCrimeConfig,
  NoCrimeConfigSchema,
  type NoCrimeOverrides,
  noCrimeConfig,
} from './config.ts';
export { type NoCrimeCoverage, type NoCrimeSkipReason, noCrimeCoverage } from './coverage.ts';
export { createNoCrimeSpikeCheck, NO_CRIME_SPIKE_CHECK_ID, noCrimeSpikeCheck } from './no-crime-spike.ts';

import { noCrimeSpikeCheck } from './no-crime-spike.ts';

/** Every no-crime check, for one `registerAll` line in the registry. */
export const NO_CRIME_CHECKS = [noCrimeSpikeCheck] as const;
