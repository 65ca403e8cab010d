/**
 * `sandbox edit`: change a campaign as an admin would in Thulium's panel, either in a
 * running sandbox (its `/_sandbox` edit route, `--url`) or in a stopped sandbox's data file
 * (`--data`, e.g. the one `--sandbox` keeps). Only ever a sandbox on this machine.
 */
import { stat } from "node:fs/promises";
import path from "node:path";
import { UsageError } from "../../errors.js";
import { type EditedField, editCampaign } from "../../sandbox/admin-edit.js";
import { loadData, writeAtomic } from "../../sandbox/persist.js";
import { CampaignStore } from "../../sandbox/store.js";
import type { SandboxEditArgs } from "../args.js";
import type { CliContext } from "../context.js";
import { editBody, editId } from "./sandbox-edit-args.js";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

export async function runSandboxEdit(args: SandboxEditArgs, ctx: CliContext): Promise<void> {
  const id = editId(args.id);
  const body = editBody(args.changes);
  if (args.url !== undefined) {
    const url = sandboxUrl(args.url);
    const changed = await editOverHttp(url, id, body, ctx);
    report(ctx, id, `the sandbox at ${url}`, changed);
  } else if (args.data !== undefined) {
    const file = path.resolve(ctx.cwd, args.data);
    const changed = await editDataFile(file, id, body);
    report(ctx, id, `the sandbox data file ${args.data}`, changed);
  } else
    throw new UsageError(
      "Say which sandbox to edit: --url http://127.0.0.1:PORT/api (the address `thulium-campaigns sandbox` printed), or --data FILE for a stopped sandbox's data file (.thulium/sandbox/data.json is the one --sandbox uses).",
    );
}

function report(ctx: CliContext, id: string, where: string, changed: EditedField[]): void {
  if (changed.length === 0) {
    ctx.output.out(`Campaign ${id} in ${where} already had these values; nothing changed.\n`);
    return;
  }
  ctx.output.out(`Edited campaign ${id} in ${where}, as an admin would in Thulium's panel:\n`);
  for (const field of changed)
    ctx.output.out(`  ${field.path}: ${shown(field.before)} → ${shown(field.after)}\n`);
}

/** A value as JSON, with C1 and bidi characters escaped too (JSON leaves them as they are). */
function shown(value: unknown): string {
  if (value === null) return "(none)";
  return JSON.stringify(value).replace(
    /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** A server's text made safe for one line: control and bidi characters escaped, length bounded. */
function printable(text: string): string {
  const short = text.length > 300 ? `${text.slice(0, 300)}…` : text;
  return short.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping them is the point
    /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** The URL, checked: http on this machine, no credentials in it. */
function sandboxUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(
      `--url "${raw}" is not a URL; give the address \`thulium-campaigns sandbox\` printed, e.g. http://127.0.0.1:8080/api.`,
    );
  }
  if (url.username !== "" || url.password !== "")
    throw new UsageError(
      "--url must not contain a user or password; set THULIUM_USER and THULIUM_PASSWORD instead.",
    );
  if (url.protocol !== "http:" || !LOOPBACK.has(url.hostname))
    throw new UsageError(
      `sandbox edit changes only a sandbox on this machine (http://127.0.0.1:PORT/api), not ${url.protocol}//${url.host}; a real Thulium campaign is changed in its panel.`,
    );
  return url.href.replace(/\/+$/, "");
}

async function editOverHttp(
  url: string,
  id: string,
  body: Record<string, unknown>,
  ctx: CliContext,
): Promise<EditedField[]> {
  const user = ctx.env.THULIUM_USER || "api_user";
  const password = ctx.env.THULIUM_PASSWORD || "api_pass";
  const route = `${new URL(url).origin}/_sandbox/outbounds/${id}/edit`;
  let response: Response;
  try {
    response = await fetch(route, {
      method: "POST",
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`,
      },
      body: JSON.stringify(body),
      signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(10_000)]),
    });
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    throw new UsageError(
      `No sandbox answers at ${url}${code === undefined ? "" : ` (${code})`}: start one with \`thulium-campaigns sandbox\` and pass the address it prints to --url, or edit a stopped sandbox's data file with --data FILE.`,
    );
  }
  const text = await response.text();
  const answer = parseAnswer(text);
  if (response.status === 200 && Array.isArray(answer.changed)) return answer.changed;
  const said = printable(
    (answer.errors ?? [])
      .map((e) => e.message)
      .filter((m) => typeof m === "string")
      .join(" "),
  );
  if (response.status === 401)
    throw new UsageError(
      `The sandbox at ${url} refused the credentials: set THULIUM_USER and THULIUM_PASSWORD to the ones it was started with (by default api_user and api_pass).`,
    );
  if (response.status === 404 && said === `Campaign ${id} not found.`)
    throw new UsageError(`The sandbox at ${url} has no campaign ${id}.`);
  if (response.status === 400) throw new UsageError(`The sandbox refused the edit: ${said}`);
  throw new UsageError(
    `${url} answered HTTP ${response.status} to the edit${said === "" ? "" : ` (${said})`}: is it a thulium-campaigns sandbox of this version?`,
  );
}

interface EditAnswer {
  changed?: EditedField[];
  errors?: { message: string }[];
}

function parseAnswer(text: string): EditAnswer {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === "object" ? (parsed as EditAnswer) : {};
  } catch {
    return {};
  }
}

/** Edit a data file in place, atomically; the same checks as the route. */
async function editDataFile(
  file: string,
  id: string,
  body: Record<string, unknown>,
): Promise<EditedField[]> {
  const info = await stat(file).catch(() => undefined);
  if (info === undefined || !info.isFile())
    throw new UsageError(
      `Sandbox data file ${file} ${info === undefined ? "does not exist" : "is not a regular file"}; --data names the file a sandbox keeps its campaigns in (.thulium/sandbox/data.json for --sandbox, once it has been used).`,
    );
  const campaigns = await loadData(file).catch((error: unknown) => {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UsageError(`Sandbox data file ${file} cannot be read (${code}).`);
  });
  const store = new CampaignStore({ semantics: "merge", today: () => "" }, campaigns);
  const outcome = editCampaign(store, id, body);
  if (!outcome.ok) {
    const said = outcome.errors.map((e) => e.message).join(" ");
    throw new UsageError(
      outcome.status === 404
        ? `Sandbox data file ${file} has no campaign ${id}.`
        : `The sandbox refused the edit: ${said}`,
    );
  }
  await writeAtomic(file, store.serialise());
  return outcome.changed;
}
