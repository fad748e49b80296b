/** Thrown by `normalizeAppsDir` when APPS_DIR is not a plain relative directory inside the repository. */
export class InvalidAppsDirError extends Error {
  constructor(
    message: string,
    /** The APPS_DIR value that was rejected. */
    readonly appsDir: string,
  ) {
    super(message);
    this.name = 'InvalidAppsDirError';
  }
}
