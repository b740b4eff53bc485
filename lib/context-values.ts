/** What every reader of CDK context shares: the error a bad setting fails synth with, and JSON from `-c`. */

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * A setting as a value: undefined when absent or empty, and JSON parsed when it came as a string
 * (`-c forces='{"kent":"…"}'` gives a string; cdk.json gives the object itself).
 */
export function contextJson(key: string, raw: unknown, expected: string): unknown {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    throw new ConfigError(`context "${key}" must be ${expected}, got ${JSON.stringify(raw)}`);
  }
}
