/**
 * The shape of src/ as docs/architecture.md states it: no import cycles anywhere (type-only
 * imports included), and a pure core (no `node:*`, nothing from io/ or cli/). Read from the
 * sources with a TypeScript parser (oxc), so a new cycle fails here naming its files.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { findCycles, importGraph, importsOf, sourceFiles } from "./import-graph.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

describe("src/ import graph", () => {
  it("has no import cycles (type-only imports included)", () => {
    const cycles = findCycles(importGraph(root, "src"));
    expect(cycles.map((cycle) => cycle.join(" → "))).toEqual([]);
  });

  it("core/ imports no node:* module and nothing from io/, cli/, use-cases/ or sandbox/", () => {
    const offending = sourceFiles(root, "src/core").flatMap((file) =>
      importsOf(root, file)
        .filter(
          (edge) =>
            edge.specifier.startsWith("node:") ||
            /^src\/(io|cli|use-cases|sandbox)\//.test(edge.resolved ?? ""),
        )
        .map((edge) => `${file} imports ${edge.specifier}`),
    );
    expect(offending).toEqual([]);
  });

  it("the cycle finder finds a cycle, type-only edges included, and names it", () => {
    const graph = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts", "d.ts"]],
      ["d.ts", []],
    ]);
    expect(findCycles(graph)).toEqual([["a.ts", "b.ts", "c.ts", "a.ts"]]);
    expect(findCycles(new Map([["a.ts", ["a.ts"]]]))).toEqual([["a.ts", "a.ts"]]);
  });

  it("reads every form of import: value, type-only, export-from, dynamic, in a type, require", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "import-forms-"));
    try {
      mkdirSync(path.join(dir, "src"));
      const forms = [
        'import a from "./a.js";',
        'import type { B } from "./b.js";',
        'export { c } from "./c.js";',
        'export * from "./d.js";',
        'const e = await import("./e.js");',
        'type F = typeof import("./f.js");',
        'import g = require("./g.js");',
        'export type { H } from "./h.js";',
        'import "node:fs";',
      ];
      writeFileSync(path.join(dir, "src", "x.ts"), `${forms.join("\n")}\n`);
      expect(importsOf(dir, "src/x.ts")).toEqual([
        ..."abcdefgh".split("").map((name) => ({
          specifier: `./${name}.js`,
          resolved: `src/${name}.ts`,
        })),
        { specifier: "node:fs" },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads type-only imports, export-from and dynamic imports", () => {
    const edges = importsOf(root, "src/cli/commands/apply.ts").map((edge) => edge.specifier);
    expect(edges).toContain("../context.js"); // `import type`
    const commands = importsOf(root, "src/cli/commands/plan.ts").map((e) => e.resolved);
    expect(commands).toContain("src/cli/flows/plan-flow.ts"); // `await import(…)`
  });
});
