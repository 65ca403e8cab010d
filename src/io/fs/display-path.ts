import path from "node:path";

/**
 * A path as reports show it: relative to the working directory with `/` separators when
 * the file is inside it (stable across machines and CI), absolute otherwise.
 */
export function displayPath(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  if (relative === "") return ".";
  if (relative.startsWith("..") || path.isAbsolute(relative)) return absolute;
  return relative.split(path.sep).join("/");
}
