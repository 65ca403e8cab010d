/**
 * Runs real source modules in child processes (which Node 20 cannot do with .ts files):
 * transpiles an entry module and every module it imports at runtime into a temp folder,
 * keeping the src/ layout so relative `.js` imports resolve unchanged.
 */
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { transformSync } from "rolldown/utils";

const REPO = fileURLToPath(new URL("../../..", import.meta.url));

export interface CompiledModules {
  /** The temp folder; child scripts written here can import the compiled modules. */
  dir: string;
  /** file:// URL of the compiled form of a repo source file, e.g. "src/io/state/lock.ts". */
  urlOf(source: string): string;
  cleanup(): Promise<void>;
}

/** Transpiles `entries` (repo-relative .ts paths) and their runtime imports. */
export async function compileForChild(entries: readonly string[]): Promise<CompiledModules> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "thulium-child-"));
  await writeFile(path.join(dir, "package.json"), '{"type":"module"}\n');
  // Packages (ajv) and the shipped schemas resolve from the temp folder as from the repo.
  await symlink(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
  await symlink(path.join(REPO, "schemas"), path.join(dir, "schemas"), "dir");
  const done = new Set<string>();
  const queue = [...entries];
  for (let source = queue.pop(); source !== undefined; source = queue.pop()) {
    if (done.has(source)) continue;
    done.add(source);
    const file = path.join(REPO, source);
    // Type-only imports are removed, the others kept as written (verbatimModuleSyntax).
    const transformed = transformSync(file, await readFile(file, "utf8"), {
      lang: "ts",
      sourceType: "module",
      target: "es2022",
      typescript: { onlyRemoveTypeImports: true },
    });
    if (transformed.errors.length > 0) {
      throw new Error(`${source}: ${transformed.errors.map((e) => e.message).join("; ")}`);
    }
    const outputText = transformed.code;
    const out = path.join(dir, source.replace(/\.ts$/, ".js"));
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, outputText);
    // Follow only imports that survived transpiling: type-only ones are gone.
    for (const match of outputText.matchAll(/from\s+"(\.{1,2}\/[^"]+)\.js"/g)) {
      const target = path.join(path.dirname(source), `${match[1]}.ts`);
      queue.push(path.normalize(target));
    }
  }
  return {
    dir,
    urlOf: (source) => pathToFileURL(path.join(dir, source.replace(/\.ts$/, ".js"))).href,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
