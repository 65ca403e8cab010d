/**
 * Standard output held back while apply's first requests go out. With --auto-approve the
 * plan text is only read, never answered, so rendering it (a few tens of ms for 1,000
 * changes) need not sit in front of the first request: the plan and the "Applying…" line
 * are printed at the first answer from Thulium (the requests are sent by then, and the
 * process mostly waits for the network) or at Ctrl-C, and always before anything printed
 * after them, so what is printed and its order do not change, only when.
 */
import type { Output } from "../output.js";

export interface HeldOutput {
  /** Prints `render()`'s text now, or, while holding, when released. */
  print(render: () => string): void;
  /** Prints what is held, in order, now; later prints are immediate. */
  release(): void;
  /** Releases in RELEASE_AFTER_MS at the latest (unless released before). */
  releaseSoon(): void;
}

/**
 * The longest the plan is held once the requests start, for a Thulium slow to answer the
 * first one: about as long as a person takes to notice, far longer than a loopback or LAN
 * request takes to be sent.
 */
const RELEASE_AFTER_MS = 200;

/**
 * Holds the texts given to `print` when `hold` is true; prints them at once otherwise.
 * Ctrl-C (`interrupted` aborting) releases them at once: what the run says about stopping
 * comes after the plan, as it did when the plan was printed first.
 */
export function heldOutput(output: Output, hold: boolean, interrupted: AbortSignal): HeldOutput {
  let held: (() => string)[] | undefined = hold ? [] : undefined;
  let timer: NodeJS.Timeout | undefined;
  const release = () => {
    clearTimeout(timer);
    const texts = held;
    held = undefined;
    for (const render of texts ?? []) output.out(render());
  };
  if (hold) interrupted.addEventListener("abort", release, { once: true });
  return {
    print: (render) => {
      if (held === undefined) output.out(render());
      else held.push(render);
    },
    release,
    releaseSoon: () => {
      if (held !== undefined && timer === undefined) timer = setTimeout(release, RELEASE_AFTER_MS);
    },
  };
}
