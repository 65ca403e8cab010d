/** Linking a caller's AbortSignal to per-request controllers, cheaply. */

/**
 * Let `signal` abort `controller`, with one listener per signal however many requests are
 * in flight (64 concurrent requests would otherwise trip Node's listener-leak warning).
 */
const linked = new WeakMap<AbortSignal, Set<AbortController>>();
export function linkAbort(signal: AbortSignal, controller: AbortController): () => void {
  if (signal.aborted) {
    controller.abort();
    return () => undefined;
  }
  let controllers = linked.get(signal);
  if (controllers === undefined) {
    const set = new Set<AbortController>();
    controllers = set;
    linked.set(signal, set);
    signal.addEventListener(
      "abort",
      () => {
        for (const each of set) each.abort();
      },
      { once: true },
    );
  }
  controllers.add(controller);
  return () => controllers.delete(controller);
}

/** Wait `ms`; resolves false at once if any of `signals` aborts first (or already has). */
export function sleepUnlessAborted(
  ms: number,
  ...signals: (AbortSignal | undefined)[]
): Promise<boolean> {
  const present = signals.filter((signal) => signal !== undefined);
  if (present.some((signal) => signal.aborted)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const controller = new AbortController();
    const unlinks: (() => void)[] = [];
    const unlinkAll = () => {
      for (const unlink of unlinks) unlink();
    };
    const timer = setTimeout(() => {
      unlinkAll();
      resolve(true);
    }, ms);
    controller.signal.addEventListener("abort", () => {
      clearTimeout(timer);
      unlinkAll();
      resolve(false);
    });
    for (const signal of present) unlinks.push(linkAbort(signal, controller));
  });
}
