/**
 * io/ is grouped by domain (campaign files, state, saved plans, Thulium, local files): code
 * outside a domain's folder imports only that domain's front modules, so each domain can
 * change inside without touching its callers.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../../src", import.meta.url));

/**
 * Each domain's front modules. `index.ts` is the front; the others are fronts of their own
 * only so that a command does not load what it never runs (start-up time): import's file
 * writing apart from loading, and the two pure helpers the CLI loads on every run.
 */
const FRONTS: Record<string, readonly string[]> = {
  "campaign-files": ["index.ts", "import-files.ts"],
  fs: ["index.ts"],
  journal: ["index.ts"],
  "plan-file": ["index.ts"],
  settings: ["index.ts"],
  state: ["index.ts"],
  thulium: ["index.ts", "reads.ts", "redact.ts", "base-url.ts"],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** Repo-relative paths (under src/) of every module `file` imports, type-only included. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)\.js"/g)];
  return specifiers.map((match) =>
    path
      .relative(SRC, path.resolve(path.dirname(file), `${match[1]}.ts`))
      .split(path.sep)
      .join("/"),
  );
}

/** The io domain a src-relative path belongs to, if any. */
function domainOf(relative: string): string | undefined {
  return /^io\/([^/]+)\//.exec(relative)?.[1];
}

/** Every import in src/ that reaches into another domain past its fronts. */
function frontViolations(): string[] {
  const violations: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const importer = path.relative(SRC, file).split(path.sep).join("/");
    for (const target of importsOf(file)) {
      const domain = domainOf(target);
      if (domain === undefined || domainOf(importer) === domain) continue;
      const fronts = FRONTS[domain];
      const inside = target.slice(`io/${domain}/`.length);
      if (fronts === undefined || !fronts.includes(inside)) {
        violations.push(`src/${importer} imports src/${target}`);
      }
    }
  }
  return violations;
}

describe("io domains", () => {
  it("every folder under src/io/ is a domain with its fronts listed here", () => {
    const folders = readdirSync(path.join(SRC, "io"), { withFileTypes: true });
    const loose = folders.filter((entry) => !entry.isDirectory()).map((entry) => entry.name);
    expect(loose).toEqual([]);
    expect(
      folders
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort(),
    ).toEqual(Object.keys(FRONTS).sort());
  });

  it("code outside a domain imports only the domain's front modules", () => {
    expect(frontViolations()).toEqual([]);
  });
});
