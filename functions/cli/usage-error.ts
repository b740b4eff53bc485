/** An error in what the user asked for (arguments, paths, SQL): exit code 2 with the message, no stack. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
