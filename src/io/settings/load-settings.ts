/**
 * The project settings file, `thulium-campaigns.yaml` in the current folder (or the file
 * `--config` names): read, parsed with the campaign files' YAML reader (so problems are
 * reported at file:line:col the same way), checked against schemas/settings.schema.json.
 */
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { Issue } from "../../core/issue.js";
import { DEFAULT_SAFETY_LIMITS, type SafetyLimits } from "../../core/safety-gate.js";
import { type ChangeWindows, parseWindows, type WindowsInput } from "../../core/windows.js";
import { ConfigInvalidError, UsageError } from "../../errors.js";
import { parseCampaignDocuments } from "../campaign-files/index.js";
import { whyWriteFailed } from "../fs/index.js";
import { settingsSchemaIssues } from "./settings-issues.js";

/** Looked for in the current folder when --config is not given. */
export const SETTINGS_FILE = "thulium-campaigns.yaml";

/** No settings file comes near this size. */
const MAX_SETTINGS_BYTES = 1024 * 1024;

export interface Settings {
  /** The file as messages show it (relative to the current folder); undefined: none read. */
  file?: string;
  dir?: string;
  state?: string;
  concurrency?: number;
  safety: SafetyLimits;
  /** Undefined when the file has no `windows:`: apply is never closed by time. */
  windows?: ChangeWindows;
}

/** What `dir`, `state` and `concurrency` default to with no settings file. */
export const NO_SETTINGS: Settings = { safety: DEFAULT_SAFETY_LIMITS };

interface SettingsData {
  dir?: string;
  state?: string;
  concurrency?: number;
  safety?: {
    max_changed_percent?: number;
    min_managed?: number;
    max_deactivations?: number;
    max_forgets?: number;
    max_agent_removals?: number;
  };
  windows?: WindowsInput;
}

/**
 * The settings for a run. With `configFlag` the file must exist; without it, a missing
 * `thulium-campaigns.yaml` means no settings.
 *
 * @throws ConfigInvalidError with every problem at file:line:col; UsageError when the
 *   named file cannot be read.
 */
export async function loadSettings(configFlag: string | undefined, cwd: string): Promise<Settings> {
  const absolute = path.resolve(cwd, configFlag ?? SETTINGS_FILE);
  const shown = path.relative(cwd, absolute) || absolute;
  let text: string;
  try {
    const info = await stat(absolute);
    if (!info.isFile()) throw new UsageError(`The settings file ${shown} is not a regular file.`);
    if (info.size > MAX_SETTINGS_BYTES) {
      throw new UsageError(`The settings file ${shown} is over 1 MB; it was not read.`);
    }
    text = await readFile(absolute, "utf8");
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (configFlag === undefined && code === "ENOENT") return NO_SETTINGS;
    const reason = code === "ENOENT" ? "there is no such file" : whyWriteFailed(error);
    throw new UsageError(
      `Cannot read the settings file ${shown} (--config): ${reason}. Name an existing file, or leave --config out to use ${SETTINGS_FILE} when there is one.`,
    );
  }
  return parseSettings(text, shown);
}

/** Settings from a file's text; `file` is the path messages show. */
export function parseSettings(text: string, file: string): Settings {
  const { documents, issues } = parseCampaignDocuments(text, file);
  const fail = (found: readonly Issue[]) =>
    new ConfigInvalidError(found, `The settings file ${file} is invalid; nothing was done.`);
  if (issues.length > 0) throw fail(issues);
  const content = documents.filter((doc) => !doc.empty);
  const [document, second] = content;
  if (second !== undefined) {
    const { line, column } = second.locator.position("", "value");
    const message = "a settings file holds one YAML document; remove the second (after ---)";
    throw fail([{ severity: "error", file, line, column, path: "", message }]);
  }
  if (document === undefined) return { ...NO_SETTINGS, file };
  const yamlErrors = document.issues.filter((issue) => issue.severity === "error");
  if (yamlErrors.length > 0) throw fail(yamlErrors);
  const schemaProblems = settingsSchemaIssues(document.data, file, document.locator);
  if (schemaProblems.length > 0) throw fail(schemaProblems);
  const data = (document.data ?? {}) as SettingsData;

  const line = (pointer: string) => `${file}:${document.locator.position(pointer, "key").line}`;
  const parsed = data.windows === undefined ? undefined : parseWindows(data.windows);
  if (parsed !== undefined && "problems" in parsed) {
    throw fail(
      parsed.problems.map((problem) => {
        const pointer = `/windows${problem.pointer}`;
        const { line: l, column } = document.locator.position(pointer, "value");
        return {
          severity: "error",
          file,
          line: l,
          column,
          path: pointer,
          message: problem.message,
        };
      }),
    );
  }
  return {
    file,
    ...(data.dir === undefined ? {} : { dir: data.dir }),
    ...(data.state === undefined ? {} : { state: data.state }),
    ...(data.concurrency === undefined ? {} : { concurrency: data.concurrency }),
    safety: safetyLimits(data.safety ?? {}, line),
    ...(parsed === undefined ? {} : { windows: parsed.windows }),
  };
}

function safetyLimits(
  safety: NonNullable<SettingsData["safety"]>,
  line: (pointer: string) => string,
): SafetyLimits {
  const origin: Record<string, string> = {};
  for (const key of Object.keys(safety)) origin[key] = line(`/safety/${key}`);
  return {
    maxChangedPercent: safety.max_changed_percent ?? DEFAULT_SAFETY_LIMITS.maxChangedPercent,
    minManaged: safety.min_managed ?? DEFAULT_SAFETY_LIMITS.minManaged,
    ...(safety.max_deactivations === undefined
      ? {}
      : { maxDeactivations: safety.max_deactivations }),
    ...(safety.max_forgets === undefined ? {} : { maxForgets: safety.max_forgets }),
    ...(safety.max_agent_removals === undefined
      ? {}
      : { maxAgentRemovals: safety.max_agent_removals }),
    origin,
  };
}
