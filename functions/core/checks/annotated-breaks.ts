/**
 * The breaks a check keeps out of its baselines in a run: those of the run's annotations
 * (detection/built-in-annotations.ts knownBreaksOf) when the input carries them, which is how every
 * audit runs, else the check's configured list (by default the same built-in breaks: tests and
 * benchmarks that build an input by hand).
 */
import { knownBreaksOf } from '../detection/built-in-annotations.ts';
import type { KnownBreak } from '../detection/known-breaks.ts';
import type { AuditInput } from './check.ts';

export function runBreaks(input: AuditInput, configured: readonly KnownBreak[]): readonly KnownBreak[] {
  return input.annotations ? knownBreaksOf(input.annotations) : configured;
}

/** A check configuration with its `knownBreaks` those of the run. */
export function withRunBreaks<C extends { knownBreaks: readonly KnownBreak[] }>(
  config: C,
  input: AuditInput,
): C {
  return { ...config, knownBreaks: runBreaks(input, config.knownBreaks) };
}
