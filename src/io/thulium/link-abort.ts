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

/** Wait `ms`; resolves false at once if `signal` aborts first (or already has). */
export function sleepUnlessAborted(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const controller = new AbortController();
    let unlink: (() => void) | undefined;
    const timer = setTimeout(() => {
      unlink?.();
      resolve(true);
    }, ms);
    controller.signal.addEventListener("abort", () => {
      clearTimeout(timer);
      unlink?.();
      resolve(false);
    });
    if (signal !== undefined) unlink = linkAbort(signal, controller);
  });
}
