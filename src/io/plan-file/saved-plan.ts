/**
 * Saved plans (`plan --out FILE`, then `apply FILE`). A saved plan records what it was
 * computed from (the state's lineage and serial, a hash of the declared campaigns), so
 * that apply can refuse it once either has changed: the reviewed plan is then no longer
 * what would be applied.
 */
import { createRequire } from "node:module";
import type { DeclaredCampaign } from "../../core/campaign.js";
import { declaredFingerprint } from "../../core/fingerprint.js";
import { changeToJson, summaryToJson } from "../../core/plan-shape.js";
import type { SavedPlan } from "../../core/saved-plan.js";
import { PlanFileError, StalePlanError } from "../../errors.js";
import {
  assertReplaceable,
  followFileLinks,
  NotRegularFileError,
  readRegularFile,
  whyWriteFailed,
  writeFileAtomic,
} from "../fs/index.js";

export type { SavedPlan, SavedPlanOptions } from "../../core/saved-plan.js";

/**
 * Write a saved plan atomically (io/fs writeFileAtomic: a temporary file in the same
 * folder, fsync, rename). A crash leaves either the old file or the new one, never half a
 * plan. Creates missing
 * parent folders. A symbolic link is followed (the file it points at is replaced, the link
 * kept); anything else that is not a regular file (a folder, a device such as /dev/full, a
 * FIFO) is refused, never renamed over.
 *
 * @throws PlanFileError naming the file, what is in the way or why it cannot be written.
 */
export async function writePlanFile(file: string, saved: SavedPlan): Promise<void> {
  let target: string;
  try {
    target = await followFileLinks(file);
    await assertReplaceable(target);
  } catch (error) {
    if (!(error instanceof NotRegularFileError)) throw cannotWrite(file, error);
    throw new PlanFileError(
      `Cannot save the plan to ${file}: it is ${error.kind}, not a regular file, and is left as it is. Give --out a file name, e.g. --out plan.json.`,
    );
  }
  const text = serialise(saved);
  try {
    await writeFileAtomic(target, text, { mode: 0o644 });
  } catch (error) {
    throw cannotWrite(file, error);
  }
}

/** A file-system failure (every step of writing is one) as a message for the user. */
function cannotWrite(file: string, error: unknown): PlanFileError {
  return new PlanFileError(
    `Cannot save the plan to ${file}: ${whyWriteFailed(error)}. Give --out a path in a folder you can write to, e.g. --out plan.json.`,
  );
}

/** Fixed key order: the plan's JSON shape first, then what it was computed from. */
function serialise(saved: SavedPlan): string {
  const value = {
    format_version: saved.format_version,
    summary: summaryToJson(saved),
    changes: saved.changes.map((change) => changeToJson(change, { display: true })),
    lineage: saved.lineage,
    serial: saved.serial,
    ...(saved.target === undefined ? {} : { target: saved.target }),
    declared_sha256: saved.declared_sha256,
    ...(saved.live_sha256 === undefined ? {} : { live_sha256: saved.live_sha256 }),
    options: {
      only: [...saved.options.only],
      prune: saved.options.prune,
      ...(saved.options.refresh ? { refresh: true } : {}),
    },
    created_at: saved.created_at,
  };
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * Read and check a saved plan.
 * @throws PlanFileError naming the file and what is wrong: unreadable, not JSON, another
 *   `format_version`, or a member of the wrong shape.
 */
export async function readPlanFile(file: string): Promise<SavedPlan> {
  let text: string;
  try {
    // Non-blocking and checked: a FIFO given as the plan would otherwise wait forever.
    text = (await readRegularFile(file)).bytes.toString("utf8");
  } catch (error) {
    const reason =
      error instanceof NotRegularFileError
        ? `it is ${error.kind}, not a regular file; give apply the file that plan --out saved`
        : (error as NodeJS.ErrnoException).code === "ENOENT"
          ? "no such file"
          : String(error);
    throw new PlanFileError(`Cannot read the plan file ${file}: ${reason}.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PlanFileError(
      `The plan file ${file} is not valid JSON: ${(error as Error).message}.`,
    );
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new PlanFileError(`The plan file ${file} is not a saved plan: it is not a JSON object.`);
  }
  const version = (raw as Record<string, unknown>).format_version;
  if (version !== 1) {
    const found =
      version === undefined ? "no format_version" : `format_version ${JSON.stringify(version)}`;
    throw new PlanFileError(
      `The plan file ${file} has ${found}; this thulium-campaigns reads format_version 1. Run plan --out again.`,
    );
  }
  // Loaded here, not at start-up: `plan` imports this module for its hashes only.
  const { checkSavedPlan, ShapeError } = await import("./shape.js");
  try {
    return checkSavedPlan(raw as Record<string, unknown>);
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    throw new PlanFileError(
      `The plan file ${file} is not a valid saved plan: ${error.message}. Save plans with plan --out FILE.`,
    );
  }
}

const require = createRequire(import.meta.url);

/** SHA-256 (hex) of a fingerprint string (core/refresh.ts liveFingerprint for the live side). */
export function sha256(text: string): string {
  // node:crypto is loaded on first use: a plan without --out or --refresh never hashes,
  // and importing it would cost every plan ~5 ms of start-up.
  const { createHash } = require("node:crypto") as typeof import("node:crypto");
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** SHA-256 (hex) of {@link declaredFingerprint}: changes exactly when the declarations do. */
export function declaredHash(declared: readonly DeclaredCampaign[]): string {
  return sha256(declaredFingerprint(declared));
}

/**
 * Refuse a saved plan that no longer describes what apply would do.
 * @throws StalePlanError "the plan is stale; run plan again" with every reason found:
 *   another state file (lineage), a state changed since (serial X → Y), or changed
 *   campaign files (hash).
 */
export function assertPlanCurrent(
  saved: SavedPlan,
  current: { lineage: string | null; serial: number; declaredHash: string },
): void {
  const reasons: string[] = [];
  if (saved.lineage === null && current.lineage !== null) {
    // Planned before the state's first write: an apply has written it since, the same
    // file rather than "another state file".
    reasons.push(`the state changed since (serial ${saved.serial} → ${current.serial})`);
  } else if (saved.lineage !== current.lineage) {
    reasons.push(
      `it was made against another state file (lineage ${saved.lineage ?? "none"} → ${current.lineage ?? "none"})`,
    );
  } else if (saved.serial !== current.serial) {
    reasons.push(`the state changed since (serial ${saved.serial} → ${current.serial})`);
  }
  if (saved.declared_sha256 !== current.declaredHash) {
    reasons.push("the campaign files changed since");
  }
  if (reasons.length > 0) {
    throw new StalePlanError(`The plan is stale; run plan again: ${reasons.join("; ")}.`);
  }
}
