/**
 * The one way a function of this project becomes a Lambda handler, so all three get the same
 * defaults: a middy stack that traces the invocation (Powertools Tracer), adds the Lambda context to
 * every log line and resets per-invocation keys, flushes the metrics, and validates the input with
 * the function's zod schema, failing with the bad fields named (shared/input-error.ts).
 *
 * A function is described by a FunctionSpec; its `wire` runs once per container, on the first
 * invocation, so a configuration error fails that invocation with the variable named rather than
 * the cold start, and tests can build the spec with their own wiring and run exactly this stack.
 *
 *   export const handler = withDefaults(createIntakeHandler(intakeWiringFromEnv));
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import { rejectInput } from './input-error.ts';
import { logger, metrics, tracer } from './powertools.ts';

export interface FunctionSpec<S extends z.ZodType, W, O> {
  /** Names the function in input errors (`invalid <name> input: …`). */
  name: string;
  /** The event as the trigger delivers it; `handle` gets the parsed value. */
  input: S;
  /** Builds the function's dependencies; called once, on the first invocation. */
  wire: () => W;
  handle: (wired: W, event: z.infer<S>, context: Context) => Promise<O>;
}

export function withDefaults<S extends z.ZodType, W, O>(spec: FunctionSpec<S, W, O>) {
  let wired: { deps: W } | null = null;
  const run = async (event: z.infer<S>, context: Context): Promise<O> => {
    wired ??= { deps: spec.wire() };
    return spec.handle(wired.deps, event, context);
  };
  return middy(run)
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .use(parser({ schema: spec.input, errorHandler: rejectInput(spec.name) }));
}
