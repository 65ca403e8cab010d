/**
 * Test-only code lives in test/: an export of src/ that no other module of src/ uses, but
 * a test does, is a test helper in the product (or a leftover) and belongs in test/.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const REPO = fileURLToPath(new URL("../..", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

it("no export of src/ is used only by tests", () => {
  const read = (file: string) => ({ file, text: readFileSync(file, "utf8") });
  const src = sourceFiles(path.join(REPO, "src")).map(read);
  const tests = sourceFiles(path.join(REPO, "test")).map(read);
  const testOnly: string[] = [];
  for (const { file, text } of src) {
    for (const match of text.matchAll(
      /^export (?:async )?(?:function|const|class|interface|type) (\w+)/gm,
    )) {
      const name = match[1] as string;
      const word = new RegExp(`\\b${name}\\b`);
      // Used in its own module besides the declaration: an export kept for tests is fine.
      if ((text.match(new RegExp(`\\b${name}\\b`, "g")) ?? []).length > 1) continue;
      if (src.some((other) => other.file !== file && word.test(other.text))) continue;
      if (tests.some((test) => word.test(test.text)))
        testOnly.push(`${path.relative(REPO, file)}: ${name}`);
    }
  }
  expect(testOnly).toEqual([]);
});
