/** What every framework-free handler returns; the adapter only writes it out. */
export interface HttpResult<B = unknown> {
  status: number;
  body: B;
  headers?: Record<string, string>;
}

/** Headers as the handlers see them: lower-case names, first value only. */
export type HeaderBag = Record<string, string | undefined>;
