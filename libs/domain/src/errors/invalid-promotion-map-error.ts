/** Thrown by `parsePromotionMap` when PROMOTION_MAP cannot be used safely (syntax, branch names, duplicates, cycles). */
export class InvalidPromotionMapError extends Error {
  constructor(
    message: string,
    /** The PROMOTION_MAP text that was rejected, for logs. */
    readonly spec: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'InvalidPromotionMapError';
  }
}
