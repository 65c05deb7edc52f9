/**
 * The updates being handled right now, so that a stopping bot can wait for them (with their
 * retries) instead of dropping updates Telegram will not send again.
 */
export class InFlight {
  private readonly tasks = new Set<Promise<void>>();
  private readonly waiters = new Set<() => void>();

  /** How many updates are being handled. */
  get size(): number {
    return this.tasks.size;
  }

  /** Counts `task` until it settles; it must not reject (errors are handled before). */
  track(task: Promise<void>): void {
    const tracked = task.finally(() => {
      this.tasks.delete(tracked);
      for (const wake of this.waiters) wake();
    });
    this.tasks.add(tracked);
  }

  /** Resolves once fewer than `limit` updates are in flight. */
  async below(limit: number): Promise<void> {
    while (this.tasks.size >= limit) await this.nextSettled();
  }

  /**
   * Waits until nothing is in flight, or `timeoutMs` has passed.
   * @returns how many updates were still unfinished (0: all done)
   */
  async drain(timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.tasks.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.nextSettled(),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, left);
        }),
      ]);
      clearTimeout(timer);
    }
    return this.tasks.size;
  }

  private nextSettled(): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        this.waiters.delete(wake);
        resolve();
      };
      this.waiters.add(wake);
    });
  }
}
