/**
 * A target environment held back from promotions — by an operator, or by GitLab's Deploy Freeze calendar — as
 * the board shows it. A target held by both appears twice.
 */
export interface FreezeView {
  target: string;
  reason: string;
  /** When the freeze ends by itself; null = until lifted. */
  until: string | null;
  kind: 'operator' | 'gitlab-calendar';
  /** Who froze the target (operator freezes); null when unknown and for the calendar. */
  by: string | null;
}

/** Where the board reads the current freezes from (the records library's `ActiveFreezes` in the service). */
export interface FreezeSource {
  listFreezes(): Promise<FreezeView[]>;
}

/** For a service whose freezes are not known to the board. */
export const NO_FREEZES: FreezeSource = { listFreezes: () => Promise.resolve([]) };
