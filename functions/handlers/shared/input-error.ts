/**
 * Clear errors for malformed function inputs. The parser middleware's own error says only "Failed
 * to parse schema"; a state machine's execution history should say which field was wrong.
 */
import type { ParseError } from '@aws-lambda-powertools/parser/errors';

export class InvalidInputError extends Error {
  override name = 'InvalidInputError';
}

interface Issue {
  message: string;
  path?: ReadonlyArray<PropertyKey | { key: PropertyKey }>;
}

/** A parser `errorHandler` that throws InvalidInputError naming each bad field. */
export function rejectInput(label: string): (error: ParseError) => never {
  return (error) => {
    const issues = Array.isArray(error.cause) ? (error.cause as Issue[]) : [];
    const described = issues.map((i) => {
      const path = (i.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p)).join('.');
      return path ? `${path}: ${i.message}` : i.message;
    });
    throw new InvalidInputError(`invalid ${label} input: ${described.join('; ') || error.message}`);
  };
}
