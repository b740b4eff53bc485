/**
 * The handlers' configuration, from the environment the stack sets, validated once per container
 * with zod: a missing or malformed variable fails the first invocation with a message naming it,
 * instead of a confusing SDK error later. POWERTOOLS_SERVICE_NAME, POWERTOOLS_METRICS_NAMESPACE and
 * LOG_LEVEL are read by Powertools itself; they are checked here too so a misconfigured function
 * says so.
 */
import { z } from 'zod';
import { MAX_UPLOAD_BYTES } from '#store/upload-limit.ts';

const name = z.string().trim().min(1, 'must be set');
const bucket = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name');

const Powertools = {
  POWERTOOLS_SERVICE_NAME: name,
  POWERTOOLS_METRICS_NAMESPACE: name,
  LOG_LEVEL: z
    .string()
    .transform((s) => s.toUpperCase())
    .pipe(z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT', 'CRITICAL']))
    .optional(),
};

export const IntakeEnvSchema = z.object({
  RETURNS_BUCKET: bucket,
  FINDINGS_BUCKET: bucket,
  TOPIC_ARN: z
    .string()
    .regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+(\.fifo)?$/, 'must be an SNS topic ARN'),
  IDEMPOTENCY_TABLE: name,
  /** Largest object the intake downloads; the stack sizes /tmp from the same constant. */
  MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int('must be a whole number of bytes')
    .positive('must be a whole number of bytes')
    .default(MAX_UPLOAD_BYTES),
  ...Powertools,
});
export type IntakeEnv = z.infer<typeof IntakeEnvSchema>;

export const PlanAuditEnvSchema = z.object({
  RETURNS_BUCKET: bucket,
  ...Powertools,
});
export type PlanAuditEnv = z.infer<typeof PlanAuditEnvSchema>;

export const ForceAuditEnvSchema = z.object({
  RETURNS_BUCKET: bucket,
  FINDINGS_BUCKET: bucket,
  TOPIC_ARN: IntakeEnvSchema.shape.TOPIC_ARN,
  ...Powertools,
});
export type ForceAuditEnv = z.infer<typeof ForceAuditEnvSchema>;

export const DigestEnvSchema = z.object({
  FINDINGS_BUCKET: bucket,
  TOPIC_ARN: IntakeEnvSchema.shape.TOPIC_ARN,
  ...Powertools,
});
export type DigestEnv = z.infer<typeof DigestEnvSchema>;

export class EnvironmentError extends Error {
  override name = 'EnvironmentError';
}

/** Parses the environment with the schema; throws one error listing every bad variable. */
export function readEnv<T>(schema: z.ZodType<T>, env: NodeJS.ProcessEnv = process.env): T {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`);
  throw new EnvironmentError(`invalid function configuration: ${problems.join('; ')}`);
}
