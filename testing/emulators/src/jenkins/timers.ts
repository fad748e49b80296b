/** Every timer the emulator sets, so `stop()` can clear them all and late callbacks do nothing. */
export class Timers {
  private readonly handles = new Set<NodeJS.Timeout>();
  private stoppedFlag = false;

  get stopped(): boolean {
    return this.stoppedFlag;
  }

  after(ms: number, fn: () => void): NodeJS.Timeout | undefined {
    if (this.stoppedFlag) return undefined;
    const handle = setTimeout(
      () => {
        this.handles.delete(handle);
        if (!this.stoppedFlag) fn();
      },
      Math.max(0, ms),
    );
    this.handles.add(handle);
    return handle;
  }

  cancel(handle: NodeJS.Timeout | undefined): void {
    if (handle === undefined) return;
    clearTimeout(handle);
    this.handles.delete(handle);
  }

  stop(): void {
    this.stoppedFlag = true;
    for (const handle of this.handles) clearTimeout(handle);
    this.handles.clear();
  }
}
