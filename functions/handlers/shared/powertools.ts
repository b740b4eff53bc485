/**
 * The Powertools logger, metrics and tracer of a function: one each per container, configured from
 * the environment (POWERTOOLS_SERVICE_NAME, POWERTOOLS_METRICS_NAMESPACE, LOG_LEVEL). Each handler is
 * bundled on its own, so these singletons are per function. The tracer switches itself off outside
 * Lambda (no AWS_EXECUTION_ENV) and when POWERTOOLS_TRACE_ENABLED=false, so tests need no X-Ray.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

export const logger = new Logger();
export const metrics = new Metrics();
export const tracer = new Tracer();
