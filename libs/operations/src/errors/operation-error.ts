/** An operator command could not do what was asked; the message says why and what to do (exit 1). */
export class OperationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OperationError';
  }
}
