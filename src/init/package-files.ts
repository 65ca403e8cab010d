/**
 * Files `init` copies from the installed thulium-campaigns package itself, so the new
 * repository gets exactly the schema and workflow this version ships (one source each).
 * Both live outside `dist/`, so package.json "files" must list `schemas` and `examples`.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The package root: two folders up from this module, both in `src/init/` (tests) and in
 * `dist/init/` (the installed CLI).
 */
export const PACKAGE_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Where the running tool came from, as an npm install spec: its package root as a
 * `file:` folder. `npm install` links it (no registry needed); `init --install-from`
 * names another source (a git URL, a tarball, a registry version range).
 */
export function runningToolSpec(): string {
  return `file:${PACKAGE_ROOT.replace(/[\\/]+$/, "")}`;
}

/** The campaign JSON Schema, relative to the package root. */
export const SCHEMA_FILE = "schemas/campaign.schema.json";

/** The `_defaults.yaml` JSON Schema (for editors; it refers to the campaign schema beside it). */
export const DEFAULTS_SCHEMA_FILE = "schemas/defaults.schema.json";

/** The project settings JSON Schema, relative to the package root. */
export const SETTINGS_SCHEMA_FILE = "schemas/settings.schema.json";

/** The GitHub Actions workflow, relative to the package root. */
export const GITHUB_WORKFLOW_FILE = "examples/github-actions/thulium-campaigns.yml";

/** The scheduled drift-check workflow (`init --with-drift`), relative to the package root. */
export const GITHUB_DRIFT_WORKFLOW_FILE = "examples/github-actions/thulium-campaigns-drift.yml";

/** Reads a file shipped with the package; `relative` to the package root. */
export async function readPackageFile(relative: string): Promise<string> {
  return readFile(path.join(PACKAGE_ROOT, relative), "utf8");
}
