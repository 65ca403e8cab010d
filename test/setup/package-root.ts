/**
 * Vitest global setup: one temp folder for the whole run, where the package tests keep the
 * tarball and install they share (test/package/npm.ts `sharedPackage`), removed when the run
 * ends. A worker cannot remove it itself: vitest ends its workers without an `exit` event.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    packageRoot: string;
  }
}

export default function setup(project: TestProject): () => void {
  const root = mkdtempSync(path.join(tmpdir(), "thulium-shared-package-"));
  project.provide("packageRoot", root);
  return () => rmSync(root, { recursive: true, force: true });
}
