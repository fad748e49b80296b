export class RecordNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`no promotion record ${id}`);
    this.name = 'RecordNotFoundError';
  }
}
