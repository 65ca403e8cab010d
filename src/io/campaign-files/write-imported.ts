/**
 * Writing `import`'s prepared campaign files: each one created atomically and never over
 * an existing file. A name taken between preparing and writing (another process, a
 * teammate's pull) is resolved as at preparation: the id is appended.
 */
import { lstat, readdir, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { campaignStem, chooseFileNames, IMPORT_EXTENSION } from "../../core/import-file.js";
import { UsageError } from "../../errors.js";
import {
  displayPath,
  makeFolder,
  nameStagedFile,
  stageFile,
  sweepFolderTemps,
  syncFile,
  syncFolder,
} from "../fs/index.js";
import type { ImportFile, ImportFilePlan } from "./prepare-import.js";

export interface WriteImportOptions {
  /** The working directory paths are shown relative to (as given to prepareImportFiles). */
  cwd: string;
  /** Called after each file is written (in order), e.g. to report progress. */
  onWritten?: (file: ImportFile) => void;
}

/** Tries per file before giving up on finding a free name (each try re-reads the folder). */
const MAX_NAME_TRIES = 5;

/**
 * Writes every file of `plan.write` into `plan.dir` (created when missing) and returns
 * them as written, in the plan's order (a file whose name was taken meanwhile carries its
 * new name). The new names are made durable before this resolves, so a state recorded
 * afterwards never names files a power cut could lose. Temp files of dead writers in the
 * folder are swept first. Every content is written and fsynced under a temp name before
 * any file is named, so a failure while writing (a full disk) leaves no new file; one
 * while naming keeps the files named before it (reported through onWritten, called as each
 * file is named, so not necessarily in the plan's order). Throws UsageError naming the
 * path when the folder cannot be written.
 */
export async function writeImportFiles(
  plan: ImportFilePlan,
  options: WriteImportOptions,
): Promise<ImportFile[]> {
  if (plan.write.length === 0) return [];
  await refuseDanglingLink(plan);
  await guard(plan.shownDir, () => makeFolder(plan.dir));
  await sweepFolderTemps(plan.dir);
  const files = plan.write;
  // Every content is written, then made durable, and only then named: one fsync per file
  // still, but all of them in flight together (the disk commits them in a few batches),
  // instead of each file's write, fsync and link in turn.
  const staged: (string | undefined)[] = [];
  const written: (ImportFile | undefined)[] = [];
  try {
    await forEachBounded(files.length, STAGE_CONCURRENCY, async (index) => {
      const file = files[index] as ImportFile;
      staged[index] = await guard(file.file, () => stageFile(file.absolute, file.text));
    });
    await forEachBounded(files.length, SYNC_CONCURRENCY, async (index) => {
      const file = files[index] as ImportFile;
      await guard(file.file, () => syncFile(staged[index] as string));
    });
    await forEachBounded(files.length, STAGE_CONCURRENCY, async (index) => {
      const temp = staged[index] as string;
      const result = await nameOne(plan, files[index] as ImportFile, temp, options.cwd);
      written[index] = result;
      staged[index] = undefined;
      await unlink(temp).catch(() => {});
      options.onWritten?.(result);
    });
  } finally {
    if (written.length > 0) await guard(plan.shownDir, () => syncFolder(plan.dir));
    const leftover = staged.filter((temp): temp is string => temp !== undefined);
    await forEachBounded(leftover.length, STAGE_CONCURRENCY, async (index) => {
      await unlink(leftover[index] as string).catch(() => {});
    });
  }
  return written.filter((file): file is ImportFile => file !== undefined);
}

/** Files staged or named at once. */
const STAGE_CONCURRENCY = 8;
/** fsyncs in flight at once: more lets the disk commit more of them together. */
const SYNC_CONCURRENCY = 32;

/**
 * Runs `step` for indexes 0..count-1, at most `limit` at a time. After the first failure
 * no further step starts; the ones running finish, then that first error is thrown.
 */
async function forEachBounded(
  count: number,
  limit: number,
  step: (index: number) => Promise<void>,
): Promise<void> {
  let failure: { error: unknown } | undefined;
  let next = 0;
  const worker = async () => {
    while (failure === undefined && next < count) {
      const index = next++;
      try {
        await step(index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  if (failure !== undefined) throw failure.error;
}

/** Names the staged `temp` as planned, or as the clash rule says when the name was taken meanwhile. */
async function nameOne(
  plan: ImportFilePlan,
  file: ImportFile,
  temp: string,
  cwd: string,
): Promise<ImportFile> {
  let target = file;
  for (let attempt = 1; attempt <= MAX_NAME_TRIES; attempt++) {
    if (await guard(target.file, () => nameStagedFile(temp, target.absolute))) {
      return target;
    }
    // Taken since the plan was made: the rule for a clash at preparation (the id appended,
    // then -2, -3 …) picks the next name; the plain name counts as taken, so it is never
    // chosen for a campaign that clashed before.
    const entries = await guard(plan.shownDir, () => readdir(plan.dir));
    const plain = `${campaignStem(file.id, file.fields.name)}${IMPORT_EXTENSION}`;
    const name = chooseFileNames(
      [{ id: file.id, name: file.fields.name }],
      [...entries, plain],
    ).get(file.id);
    const absolute = path.join(plan.dir, name ?? `campaign-${file.id}.yaml`);
    const shown = displayPath(absolute, cwd);
    target = {
      ...file,
      absolute,
      file: shown,
      issues: file.issues.map((issue) => ({ ...issue, file: shown })),
    };
  }
  throw new UsageError(
    `Could not find a free file name for campaign ${file.id} in ${plan.shownDir}: files of the names tried kept appearing while writing (another import running?). Nothing was overwritten; run the import again.`,
  );
}

/** A link where the folder should be, to nothing: mkdir would see it as existing. */
async function refuseDanglingLink(plan: ImportFilePlan): Promise<void> {
  const entry = await lstat(plan.dir).catch(() => undefined);
  if (entry?.isSymbolicLink() !== true) return;
  if ((await stat(plan.dir).catch(() => undefined)) !== undefined) return;
  throw new UsageError(
    `${plan.shownDir} is a symbolic link to a folder that does not exist: create the folder it points to, remove the link, or give --dir another folder.`,
  );
}

/** Runs a file-system step, turning the user's problems (permissions, a full disk) into one paragraph. */
async function guard<T>(shown: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const fix = FIXES[code ?? ""];
    if (fix === undefined) throw error;
    throw new UsageError(`Cannot write ${shown} (${code}): ${fix}`);
  }
}

const FIXES: Readonly<Record<string, string>> = {
  EACCES: "this user may not write there; make the folder writable, or give --dir another folder.",
  EPERM: "this user may not write there; make the folder writable, or give --dir another folder.",
  EROFS: "the file system is read-only; give --dir a folder on a writable disk.",
  ENOSPC: "the disk is full; free some space and run the import again.",
  EDQUOT: "the disk quota is used up; free some space and run the import again.",
  ENOTDIR:
    "a part of the path is a file, not a folder; give --dir a folder (it is created when missing).",
  EEXIST: "a file of that name is in the way of the folder; give --dir a folder.",
  EISDIR: "a folder of that name is in the way; give --dir another folder.",
  ENOENT:
    "the folder cannot be created or was removed meanwhile; give --dir a folder on a writable disk.",
  ENAMETOOLONG: "the path is too long; give --dir a shorter folder path.",
};
