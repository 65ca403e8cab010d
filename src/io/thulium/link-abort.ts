/** Reacting to a caller's AbortSignal from many requests at once, cheaply. */

/**
 * Call `listener` when `signal` aborts (at once if it already has), with one listener on
 * the signal however many requests are in flight: 64 concurrent requests would otherwise
 * trip Node's listener-leak warning, and on Node 20 each `addEventListener` and
 * `removeEventListener` on a signal costs more CPU than adding to and deleting from a Set.
 * Returns the function that stops listening.
 */
const listeners = new WeakMap<AbortSignal, Set<() => void>>();
export function whenAborted(signal: AbortSignal, listener: () => void): () => void {
  if (signal.aborted) {
    listener();
    return () => undefined;
  }
  const set = listenersOf(signal);
  set.add(listener);
  return () => set.delete(listener);
}

/** The listeners waiting on `signal`, and the one listener of its own that calls them. */
function listenersOf(signal: AbortSignal): Set<() => void> {
  const known = listeners.get(signal);
  if (known !== undefined) return known;
  const created = new Set<() => void>();
  listeners.set(signal, created);
  signal.addEventListener(
    "abort",
    () => {
      for (const call of created) call();
    },
    { once: true },
  );
  return created;
}

/** Wait `ms`; resolves false at once if any of `signals` aborts first (or already has). */
export function sleepUnlessAborted(
  ms: number,
  ...signals: (AbortSignal | undefined)[]
): Promise<boolean> {
  const present = signals.filter((signal) => signal !== undefined);
  if (present.some((signal) => signal.aborted)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const unlinks: (() => void)[] = [];
    const unlinkAll = () => {
      for (const unlink of unlinks) unlink();
    };
    const timer = setTimeout(() => {
      unlinkAll();
      resolve(true);
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      unlinkAll();
      resolve(false);
    };
    for (const signal of present) unlinks.push(whenAborted(signal, stop));
  });
}
