import { describe, expect, it } from 'vitest';
import { EnvironmentError, ForceAuditEnvSchema, IntakeEnvSchema, readEnv } from '#handlers/env.ts';
import { MAX_UPLOAD_BYTES } from '#store/upload-limit.ts';

const GOOD = {
  RETURNS_BUCKET: 'auditor-returns-123',
  FINDINGS_BUCKET: 'auditor-findings-123',
  TOPIC_ARN: 'arn:aws:sns:eu-west-2:123456789012:auditor-notices',
  IDEMPOTENCY_TABLE: 'auditor-idempotency',
  POWERTOOLS_SERVICE_NAME: 'auditor-intake',
  POWERTOOLS_METRICS_NAMESPACE: 'CrimeRecordingAudit',
  LOG_LEVEL: 'info',
};

describe('handler environment', () => {
  it('parses a complete environment', () => {
    expect(readEnv(IntakeEnvSchema, GOOD)).toMatchObject({
      RETURNS_BUCKET: 'auditor-returns-123',
      LOG_LEVEL: 'INFO',
    });
    const { IDEMPOTENCY_TABLE: _unused, ...forceAudit } = GOOD;
    expect(readEnv(ForceAuditEnvSchema, forceAudit).TOPIC_ARN).toBe(GOOD.TOPIC_ARN);
  });

  it('names every missing or malformed variable in one error', () => {
    const { TOPIC_ARN: _t, IDEMPOTENCY_TABLE: _i, ...rest } = GOOD;
    const bad = { ...rest, RETURNS_BUCKET: 'Not_A_Bucket', LOG_LEVEL: 'loud' };
    expect(() => readEnv(IntakeEnvSchema, bad)).toThrow(EnvironmentError);
    try {
      readEnv(IntakeEnvSchema, bad);
    } catch (err) {
      const message = (err as Error).message;
      for (const name of ['RETURNS_BUCKET', 'TOPIC_ARN', 'IDEMPOTENCY_TABLE', 'LOG_LEVEL'])
        expect(message).toContain(name);
      expect(message).not.toContain('FINDINGS_BUCKET');
    }
  });

  it('reads the intake upload limit in bytes, by default the one the stack sizes /tmp for', () => {
    expect(readEnv(IntakeEnvSchema, GOOD).MAX_UPLOAD_BYTES).toBe(MAX_UPLOAD_BYTES);
    expect(readEnv(IntakeEnvSchema, { ...GOOD, MAX_UPLOAD_BYTES: '1048576' }).MAX_UPLOAD_BYTES).toBe(1048576);
    expect(() => readEnv(IntakeEnvSchema, { ...GOOD, MAX_UPLOAD_BYTES: '2GB' })).toThrow(/MAX_UPLOAD_BYTES/);
    expect(() => readEnv(IntakeEnvSchema, { ...GOOD, MAX_UPLOAD_BYTES: '0' })).toThrow(/MAX_UPLOAD_BYTES/);
  });
});
