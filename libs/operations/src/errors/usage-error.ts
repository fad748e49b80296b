/** The command was given something it cannot use (an unknown target, a malformed time): exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
