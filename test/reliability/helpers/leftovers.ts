/** Files a crashed or finished run must not leave behind beside the state file. */
import { readdir } from "node:fs/promises";
import path from "node:path";

/** Temp files (`.<name>.<pid>.<hex>.tmp`) in the state file's folder. */
export async function tempFilesBeside(stateFile: string): Promise<string[]> {
  try {
    return (await readdir(path.dirname(stateFile))).filter((name) => name.endsWith(".tmp"));
  } catch {
    return [];
  }
}
