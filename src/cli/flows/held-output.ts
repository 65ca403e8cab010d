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
  /**
   * Prints the parts' text now, or, while holding, when released; meanwhile, once
   * `releaseSoon` was called, the parts are rendered a slice at a time between the
   * requests' events, so a long text (a plan of 1,000 changes: tens of ms) is ready when
   * it prints instead of holding up the answers that arrive while it is rendered.
   */
  printParts(parts: () => Iterable<string>): void;
  /** Prints what is held, in order, now; later prints are immediate. */
  release(): void;
  /**
   * Releases in RELEASE_AFTER_MS at the latest (unless released before); the caller's
   * requests have started, so what is held may be rendered in slices from now on.
   */
  releaseSoon(): void;
}

/**
 * The longest the plan is held once the requests start, for a Thulium slow to answer the
 * first one: about as long as a person takes to notice, far longer than a loopback or LAN
 * request takes to be sent.
 */
const RELEASE_AFTER_MS = 200;

/**
 * The longest one slice of rendering keeps the event loop: about one request's own CPU
 * cost, so an answer that arrives during a slice waits about as long as for one more
 * answer handled before it.
 */
const SLICE_MS = 1;

/** A text being rendered: its parts, and what they gave so far. */
interface Pending {
  parts: () => Iterable<string>;
  next?: Iterator<string>;
  text: string;
  done: boolean;
}

/**
 * Holds the texts given to `print` when `hold` is true; prints them at once otherwise.
 * Ctrl-C (`interrupted` aborting) releases them at once: what the run says about stopping
 * comes after the plan, as it did when the plan was printed first.
 */
export function heldOutput(output: Output, hold: boolean, interrupted: AbortSignal): HeldOutput {
  let held: Pending[] | undefined = hold ? [] : undefined;
  let timer: NodeJS.Timeout | undefined;
  let slicing: NodeJS.Immediate | undefined;
  /** What a slice threw (a bug): rethrown by the release, where rendering used to happen. */
  let failure: { error: unknown } | undefined;

  /** Renders one more part of `pending`; false once it has none left. */
  const renderPart = (pending: Pending): boolean => {
    pending.next ??= pending.parts()[Symbol.iterator]();
    const part = pending.next.next();
    if (part.done === true) pending.done = true;
    else pending.text += part.value;
    return !pending.done;
  };
  const renderSlice = () => {
    slicing = undefined;
    if (held === undefined) return;
    const until = performance.now() + SLICE_MS;
    try {
      for (const pending of held) {
        while (renderPart(pending)) if (performance.now() >= until) break;
        if (!pending.done) break;
      }
    } catch (error) {
      failure = { error };
      return;
    }
    if (held.some((pending) => !pending.done)) slicing = setImmediate(renderSlice);
  };
  const release = () => {
    clearTimeout(timer);
    clearImmediate(slicing);
    const texts = held;
    held = undefined;
    if (failure !== undefined) throw failure.error;
    for (const pending of texts ?? []) {
      while (renderPart(pending));
      output.out(pending.text);
    }
  };
  const printParts = (parts: () => Iterable<string>) => {
    if (held !== undefined) {
      held.push({ parts, text: "", done: false });
      return;
    }
    let text = "";
    for (const part of parts()) text += part;
    output.out(text);
  };
  if (hold) interrupted.addEventListener("abort", release, { once: true });
  return {
    print: (render) => printParts(() => [render()]),
    printParts,
    release,
    releaseSoon: () => {
      if (held === undefined || timer !== undefined) return;
      timer = setTimeout(release, RELEASE_AFTER_MS);
      slicing = setImmediate(renderSlice);
    },
  };
}
