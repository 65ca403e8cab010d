/**
 * Tests keep the test log clean: whatever the code under test prints goes to streams the
 * test captures (a spawned CLI's pipes, an in-process run's own Output), never to this
 * process's console or stdout/stderr. A test that lets output through fails, naming what
 * it printed, so help texts, completion scripts and sandbox logs cannot creep back into
 * `npm test`'s log.
 *
 * Set TEST_ALLOW_OUTPUT=1 to print while debugging (SOAK_VERBOSE, which makes the crash
 * soak report each trial, allows it too).
 */
import { afterAll, afterEach, expect } from "vitest";

const allowed = Boolean(process.env.TEST_ALLOW_OUTPUT || process.env.SOAK_VERBOSE);

const leaks: string[] = [];

function record(where: string, args: readonly unknown[]): void {
  const text = args.map((arg) => (typeof arg === "string" ? arg : String(arg))).join(" ");
  leaks.push(`${where}: ${text.length > 300 ? `${text.slice(0, 300)}…` : text}`);
}

if (!allowed) {
  for (const method of ["log", "info", "warn", "error", "debug", "trace"] as const) {
    console[method] = (...args: unknown[]) => record(`console.${method}`, args);
  }
  for (const name of ["stdout", "stderr"] as const) {
    const stream = process[name];
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      const text = chunk instanceof Uint8Array ? Buffer.from(chunk).toString() : String(chunk);
      // An empty write prints nothing (execFileSync passes on a silent child's empty stderr).
      if (text !== "") record(`process.${name}.write`, [text]);
      // Honour a write callback, so code that waits for it does not hang.
      const callback = rest.find((arg) => typeof arg === "function") as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof stream.write;
  }
}

function expectNoLeaks(when: string): void {
  const found = leaks.splice(0);
  expect(
    found,
    `${when} printed to the test process's own console/stdout/stderr; capture it instead`,
  ).toEqual([]);
}

afterEach(() => expectNoLeaks("This test"));
// Output from module loading or beforeAll/afterAll hooks belongs to no single test.
afterAll(() => expectNoLeaks("This file's set-up or tear-down"));
