/** How `plan` and `apply` name their inputs in messages: the campaign folder and the state file. */
import path from "node:path";
import { displayPath } from "../../io/fs/index.js";
import type { InputLabels } from "../../use-cases/plan-inputs.js";

/**
 * Display paths (relative to the working directory when inside it); the campaign folder
 * with a trailing `/`, so `campaigns/` reads as a folder (unless `--dir` names one file).
 */
export function inputLabels(dir: string, stateFile: string, cwd: string): InputLabels {
  const shownDir = displayPath(path.resolve(cwd, dir), cwd);
  const isFile = /\.ya?ml$/i.test(shownDir);
  return {
    dir: isFile || shownDir.endsWith("/") ? shownDir : `${shownDir}/`,
    stateFile: displayPath(stateFile, cwd),
  };
}
