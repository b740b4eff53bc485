/**
 * The one wiring pattern of the three functions (shared/with-defaults.ts) and the trace helpers:
 * wiring once per container, on the first invocation; inputs refused with the field named; the
 * tracer off wherever there is no X-Ray (so no test needs it); one subsegment per unit of work.
 */
import { Tracer } from '@aws-lambda-powertools/tracer';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { InvalidInputError } from '#handlers/shared/input-error.ts';
import { annotate, inSubsegment } from '#handlers/shared/tracing.ts';
import type { FunctionSpec } from '#handlers/shared/with-defaults.ts';
import { lambdaContext } from '../support/events.ts';

/** Imported after the environment is set: Powertools reads it when the module loads. */
let withDefaults: typeof import('#handlers/shared/with-defaults.ts')['withDefaults'];
beforeAll(async () => {
  vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'doubler');
  vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'Test');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
  vi.stubEnv('LOG_LEVEL', 'SILENT');
  ({ withDefaults } = await import('#handlers/shared/with-defaults.ts'));
});
afterEach(() => vi.restoreAllMocks());

const Input = z.object({ n: z.number().int() });

function doubling(wire: () => { factor: number }): FunctionSpec<typeof Input, { factor: number }, number> {
  return { name: 'doubler', input: Input, wire, handle: async (w, event) => event.n * w.factor };
}

describe('withDefaults', () => {
  it('wires on the first invocation only, and hands the parsed input to the function', async () => {
    const wire = vi.fn(() => ({ factor: 2 }));
    const handler = withDefaults(doubling(wire));
    expect(wire).not.toHaveBeenCalled();
    expect(await handler({ n: 3 }, lambdaContext())).toBe(6);
    expect(await handler({ n: 5 }, lambdaContext())).toBe(10);
    expect(wire).toHaveBeenCalledTimes(1);
  });

  it('fails the invocation whose wiring fails, and wires again on the next', async () => {
    const wire = vi
      .fn<() => { factor: number }>()
      .mockImplementationOnce(() => {
        throw new Error('invalid function configuration: RETURNS_BUCKET: must be set');
      })
      .mockImplementation(() => ({ factor: 3 }));
    const handler = withDefaults(doubling(wire));
    await expect(handler({ n: 1 }, lambdaContext())).rejects.toThrow(/RETURNS_BUCKET/);
    expect(await handler({ n: 1 }, lambdaContext())).toBe(3);
  });

  it('refuses an input that does not match the schema, naming the function and the field', async () => {
    const wire = vi.fn(() => ({ factor: 2 }));
    const handler = withDefaults(doubling(wire));
    const refused = handler({ n: 'three' } as never, lambdaContext());
    await expect(refused).rejects.toBeInstanceOf(InvalidInputError);
    await expect(handler({ n: 1.5 }, lambdaContext())).rejects.toThrow(/^invalid doubler input: n: /);
    expect(wire).not.toHaveBeenCalled();
  });
});

describe('tracing', () => {
  it('is off outside Lambda, and inside it when POWERTOOLS_TRACE_ENABLED=false', () => {
    vi.stubEnv('AWS_EXECUTION_ENV', undefined);
    expect(new Tracer().isTracingEnabled()).toBe(false);
    vi.stubEnv('AWS_EXECUTION_ENV', 'AWS_Lambda_nodejs22.x');
    vi.stubEnv('POWERTOOLS_TRACE_ENABLED', 'false');
    expect(new Tracer().isTracingEnabled()).toBe(false);
    vi.stubEnv('POWERTOOLS_TRACE_ENABLED', undefined);
    expect(new Tracer().isTracingEnabled()).toBe(true);
    vi.stubEnv('AWS_EXECUTION_ENV', undefined);
  });

  it('annotates only the keys it knows', () => {
    const tracer = new Tracer({ enabled: false });
    const put = vi.spyOn(tracer, 'putAnnotation');
    annotate(tracer, { force_code: 'kent', run_id: undefined, national_run_id: 'n-1' });
    expect(put.mock.calls).toEqual([
      ['force_code', 'kent'],
      ['national_run_id', 'n-1'],
    ]);
  });

  it('runs each unit of work in its own subsegment, current while it runs, closed with its error', async () => {
    const tracer = new Tracer({ enabled: false });
    const parent = tracer.getSegment();
    if (!parent) throw new Error('no segment');
    vi.spyOn(tracer, 'isTracingEnabled').mockReturnValue(true);
    vi.spyOn(tracer, 'getSegment').mockReturnValue(parent);
    const current: string[] = [];
    vi.spyOn(tracer, 'setSegment').mockImplementation((s) => void current.push(s.name));

    expect(await inSubsegment(tracer, '### upload', async () => 'done')).toBe('done');
    await expect(
      inSubsegment(tracer, '### upload', () => Promise.reject(new Error('Slow Down'))),
    ).rejects.toThrow('Slow Down');

    expect(current).toEqual(['### upload', '## Dummy segment', '### upload', '## Dummy segment']);
    const [ok, failed] = parent.subsegments ?? [];
    expect(ok?.isClosed()).toBe(true);
    expect(failed?.isClosed()).toBe(true);
    expect(JSON.stringify(failed)).toContain('Slow Down');
    expect(JSON.stringify(ok)).not.toContain('Slow Down');
  });

  it('captures every SDK client the deployed wiring builds', async () => {
    for (const [k, v] of Object.entries({
      RETURNS_BUCKET: 'auditor-returns',
      FINDINGS_BUCKET: 'auditor-findings',
      TOPIC_ARN: 'arn:aws:sns:eu-west-2:123456789012:auditor-notices',
      IDEMPOTENCY_TABLE: 'auditor-idempotency',
      AWS_REGION: 'eu-west-2',
    }))
      vi.stubEnv(k, v);
    const { tracer } = await import('#handlers/shared/powertools.ts');
    const { intakeWiringFromEnv } = await import('#handlers/intake/wiring.ts');
    const { forceAuditWiringFromEnv, planAuditWiringFromEnv } = await import('#handlers/scheduled/wiring.ts');
    const capture = vi.spyOn(tracer, 'captureAWSv3Client');
    const captured = (wire: () => unknown) => {
      capture.mockClear();
      wire();
      return capture.mock.calls.map(([client]) => (client as object).constructor.name);
    };
    expect(captured(intakeWiringFromEnv)).toEqual(['S3Client', 'SNSClient', 'DynamoDBClient']);
    expect(captured(planAuditWiringFromEnv)).toEqual(['S3Client']);
    expect(captured(forceAuditWiringFromEnv)).toEqual(['S3Client', 'SNSClient']);
  });

  it('just runs the work when tracing is off', async () => {
    const tracer = new Tracer({ enabled: false });
    const set = vi.spyOn(tracer, 'setSegment');
    expect(await inSubsegment(tracer, '### upload', async () => 1)).toBe(1);
    expect(set).not.toHaveBeenCalled();
  });
});
