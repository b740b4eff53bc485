/**
 * Trace helpers over the shared tracer. Annotations are what X-Ray can filter traces by, so each
 * function annotates the force and run it works on; a batch handles several uploads in one
 * invocation, so each upload gets its own subsegment and its annotations do not overwrite another's.
 */
import type { Tracer } from '@aws-lambda-powertools/tracer';

/** The annotation keys every function uses, named as in the findings and runs tables. */
export interface TraceScope {
  force_code?: string;
  run_id?: string;
  national_run_id?: string;
}

export function annotate(tracer: Tracer, scope: TraceScope): void {
  for (const [key, value] of Object.entries(scope)) if (value !== undefined) tracer.putAnnotation(key, value);
}

/** Runs `work` in a subsegment of the current segment (just runs it when tracing is off). */
export async function inSubsegment<T>(tracer: Tracer, name: string, work: () => Promise<T>): Promise<T> {
  if (!tracer.isTracingEnabled()) return work();
  const parent = tracer.getSegment();
  const segment = parent?.addNewSubsegment(name);
  if (segment) tracer.setSegment(segment);
  try {
    return await work();
  } catch (err) {
    if (err instanceof Error) segment?.addError(err);
    throw err;
  } finally {
    segment?.close();
    if (parent) tracer.setSegment(parent);
  }
}
