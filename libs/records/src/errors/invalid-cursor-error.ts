export class InvalidCursorError extends Error {
  constructor() {
    super('cursor is not one returned by this API');
    this.name = 'InvalidCursorError';
  }
}
