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
