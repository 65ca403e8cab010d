/**
 * apply --auto-approve holds its plan while the first requests go out, and renders it a
 * slice at a time between their events (cli/flows/held-output.ts): the text printed, and
 * its order, must be exactly what printing at once would give, whenever it is released.
 */
import { Writable } from "node:stream";
import { setImmediate as nextTurn } from "node:timers/promises";
import { expect, it } from "vitest";
import { heldOutput } from "../../src/cli/flows/held-output.js";
import { createOutput } from "../../src/cli/output.js";

/** An output whose standard output is kept, write by write. */
function captured() {
  const writes: string[] = [];
  const stdout = new Writable({
    decodeStrings: false,
    write(chunk: string, _encoding, done) {
      writes.push(chunk);
      done();
    },
  });
  return {
    output: createOutput({ stdout, env: { NO_COLOR: "1" } }),
    printed: () => writes.join(""),
    writes,
  };
}

/** Parts that note how many of them were rendered so far. */
function counted(count: number) {
  const seen = { rendered: 0 };
  function* parts() {
    for (let index = 0; index < count; index++) {
      seen.rendered++;
      yield `part ${index}\n`;
    }
  }
  const whole = Array.from({ length: count }, (_, index) => `part ${index}\n`).join("");
  return { parts, seen, whole };
}

it("prints at once, whole and in one write, when not holding", () => {
  const { output, writes } = captured();
  const held = heldOutput(output, false, new AbortController().signal);
  const { parts, whole } = counted(3);
  held.printParts(parts);
  held.print(() => "after\n");
  expect(writes).toEqual([whole, "after\n"]);
});

it("renders nothing before the requests start, then slices between turns, then prints all in order", async () => {
  const { output, printed } = captured();
  const held = heldOutput(output, true, new AbortController().signal);
  const plan = counted(50_000);
  held.printParts(plan.parts);
  held.print(() => "Applying…\n");
  await nextTurn();
  expect(plan.seen.rendered).toBe(0); // held, and releaseSoon not called: nothing rendered yet

  held.releaseSoon();
  await nextTurn();
  // One slice is bounded in time: far from all 50,000 parts, but some.
  expect(plan.seen.rendered).toBeGreaterThan(0);
  expect(plan.seen.rendered).toBeLessThan(50_000);
  expect(printed()).toBe("");

  held.release();
  expect(plan.seen.rendered).toBe(50_000);
  expect(printed()).toBe(`${plan.whole}Applying…\n`);
  held.print(() => "line\n"); // after the release: printed at once
  expect(printed()).toBe(`${plan.whole}Applying…\nline\n`);
});

it("has the whole text ready when the slices finish before the release", async () => {
  const { output, printed } = captured();
  const held = heldOutput(output, true, new AbortController().signal);
  const plan = counted(10);
  held.printParts(plan.parts);
  held.releaseSoon();
  for (let turn = 0; turn < 5; turn++) await nextTurn();
  expect(plan.seen.rendered).toBe(10);
  expect(printed()).toBe("");
  held.release();
  expect(printed()).toBe(plan.whole);
});

it("prints what is held at once when interrupted, rendering what the slices had not", async () => {
  const { output, printed } = captured();
  const interrupted = new AbortController();
  const held = heldOutput(output, true, interrupted.signal);
  const plan = counted(50_000);
  held.printParts(plan.parts);
  held.releaseSoon();
  await nextTurn();
  interrupted.abort();
  expect(printed()).toBe(plan.whole);
  await nextTurn(); // no slice left scheduled to render or print anything again
  expect(printed()).toBe(plan.whole);
});

it("keeps an error thrown while rendering in a slice for the release to throw", async () => {
  const { output, printed } = captured();
  const held = heldOutput(output, true, new AbortController().signal);
  const broken = new Error("a bug in a renderer");
  function* parts() {
    yield "part 0\n";
    throw broken;
  }
  held.printParts(parts);
  held.releaseSoon();
  for (let turn = 0; turn < 3; turn++) await nextTurn(); // nothing thrown out of a slice
  expect(() => held.release()).toThrow(broken);
  expect(printed()).toBe("");
});
