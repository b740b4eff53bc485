/**
 * The Powertools logger and metrics of a function: one each per container, configured from the
 * environment (POWERTOOLS_SERVICE_NAME, POWERTOOLS_METRICS_NAMESPACE, LOG_LEVEL). Each handler is
 * bundled on its own, so these singletons are per function.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

export const logger = new Logger();
export const metrics = new Metrics();
