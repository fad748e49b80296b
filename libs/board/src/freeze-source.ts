/** A target environment held back from promotions by an operator, as the board shows it. */
export interface FreezeView {
  target: string;
  reason: string;
  /** When the freeze ends by itself; null = until lifted. */
  until: string | null;
}

/** Where the board reads the current freezes from (the records library's `FreezeStore` in the service). */
export interface FreezeSource {
  listFreezes(): Promise<FreezeView[]>;
}

/** For a service whose freezes are not known to the board. */
export const NO_FREEZES: FreezeSource = { listFreezes: () => Promise.resolve([]) };
