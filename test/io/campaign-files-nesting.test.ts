/**
 * Absurd nesting is refused before the yaml library goes deep: past a few hundred levels it
 * runs out of stack (and V8 may abort the process compiling a regular expression there), and
 * explicit keys (`? ? ? …`) take time growing steeply with the depth.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCampaignFiles } from "../../src/io/campaign-files/index.js";
import { MAX_NESTING } from "../../src/io/campaign-files/parse-documents.js";

const TOO_DEEP = "the YAML is nested too deeply to read; campaign files nest two levels at most";
let dir: string;
let count = 0;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "campaign-nesting-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Loads a folder holding only `text` as deep.yaml. */
async function loadOne(text: string) {
  const folder = path.join(dir, `case-${++count}`);
  await mkdir(folder);
  await writeFile(path.join(folder, "deep.yaml"), text);
  return loadCampaignFiles(folder, { cwd: dir, today: "2026-06-15" });
}

const tooDeep = (line: number, column: number) => ({
  severity: "error",
  file: `case-${count}/deep.yaml`,
  line,
  column,
  path: "",
  message: TOO_DEEP,
});

describe("nesting past MAX_NESTING collections", () => {
  it("is refused at the bracket that opens one collection too many", async () => {
    // `id:` opens a map, so bracket number MAX_NESTING is the collection MAX_NESTING + 1.
    const text = `id: ${"[".repeat(MAX_NESTING)}${"]".repeat(MAX_NESTING)}\n`;
    const { issues } = await loadOne(text);
    expect(issues).toEqual([tooDeep(1, 4 + MAX_NESTING)]);
  });

  it("is read as YAML up to the limit (the schema then speaks)", async () => {
    const text = `id: ${"[".repeat(MAX_NESTING - 1)}${"]".repeat(MAX_NESTING - 1)}\n`;
    const { issues } = await loadOne(text);
    expect(issues.map((issue) => issue.message)).not.toContain(TOO_DEEP);
    expect(issues.length).toBeGreaterThan(0);
  });

  it("counts block lists, maps by indentation and flow maps alike", async () => {
    const dashes = await loadOne(`id:\n${"- ".repeat(50_000)}x\n`);
    expect(dashes.issues).toEqual([tooDeep(2, 2 * (MAX_NESTING - 1) + 1)]);

    const indented = Array.from({ length: MAX_NESTING + 1 }, (_, i) => `${" ".repeat(i)}k${i}:`);
    const maps = await loadOne(`${indented.join("\n")} 1\n`);
    // At the `:` that makes `k64` a key of one map too many.
    expect(maps.issues).toEqual([tooDeep(MAX_NESTING + 1, MAX_NESTING + 4)]);

    const flowMaps = await loadOne(`id: ${"{a: ".repeat(50_000)}1${"}".repeat(50_000)}\n`);
    expect(flowMaps.issues).toEqual([tooDeep(1, 4 + 4 * (MAX_NESTING - 1) + 1)]);
  });

  it("ends at once on explicit keys nested 2,000 deep (400 took 44 s before)", async () => {
    const started = Date.now();
    const { issues } = await loadOne(`${"? ".repeat(2_000)}x\n`);
    expect(issues).toEqual([tooDeep(1, 2 * MAX_NESTING + 1)]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("still reads the documents before the deep one, and says nothing of an empty file", async () => {
    const text = `id: "00001"\nname: first\n---\nid: ${"[".repeat(50_000)}\n`;
    const result = await loadOne(text);
    expect(result.issues).toEqual([tooDeep(4, 4 + MAX_NESTING)]);
    expect(result.files).toBe(1);
  });
});
