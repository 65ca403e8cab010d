/**
 * Command lines printed as hints ("apply it with: …", "rerun with --force: …"). A hint that
 * drops a flag the user gave sends them elsewhere: `apply plan.json` without `--sandbox`
 * targets THULIUM_URL, without `--state` another state file. So hints repeat the flags that
 * choose what is read and where it goes, as the user gave them, quoted for a POSIX shell.
 */
import { DEFAULT_DIR } from "../options.js";
import { escapeText } from "../render/escape.js";

/** The flags a hint repeats. */
export interface HintFlags {
  sandbox: boolean;
  dir: string;
  state?: string | undefined;
  only: readonly string[];
  prune: boolean;
  /** `--refresh`: a rerun without it would plan without Thulium's live values. */
  refresh?: boolean;
}

/**
 * `thulium-campaigns <command> [positional] --sandbox --dir D --state S --only ID… --prune
 * --refresh <extra…>`, each flag only when given (`--dir` only when not the default).
 */
export function commandHint(
  command: string,
  flags: HintFlags,
  options: { positional?: string; extra?: readonly string[] } = {},
): string {
  const words = ["thulium-campaigns", command];
  if (options.positional !== undefined) words.push(options.positional);
  if (flags.sandbox) words.push("--sandbox");
  if (flags.dir !== DEFAULT_DIR) words.push("--dir", flags.dir);
  if (flags.state !== undefined) words.push("--state", flags.state);
  for (const id of flags.only) words.push("--only", id);
  if (flags.prune) words.push("--prune");
  if (flags.refresh) words.push("--refresh");
  words.push(...(options.extra ?? []));
  // Escaped last: a --dir holding ESC or a newline must not reach the terminal raw.
  return escapeText(words.map((word, i) => (i < 2 ? word : shellWord(word))).join(" "));
}

/** A word as a POSIX shell reads it back: bare when safe, otherwise in single quotes. */
function shellWord(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
