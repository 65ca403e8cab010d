/**
 * Runs tasks with at most `concurrency` in flight. `shouldStop` is checked before each task
 * starts, never during one: a stop (Ctrl-C, a 401) lets the requests already in flight
 * finish so their outcome can be recorded.
 */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  task: (item: T) => Promise<void>,
  shouldStop: () => boolean,
): Promise<{ started: number }> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !shouldStop()) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker);
  await Promise.all(workers);
  return { started: next };
}
