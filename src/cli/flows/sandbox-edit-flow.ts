/**
 * `sandbox edit`: change a campaign as an admin would in Thulium's panel, either in a
 * running sandbox (its `/_sandbox` edit route, `--url`) or in a stopped sandbox's data file
 * (`--data`, e.g. the one `--sandbox` keeps). Only ever a sandbox on this machine.
 */
import { stat } from "node:fs/promises";
import path from "node:path";
import { AGENT_LOGIN } from "../../core/agents.js";
import { UsageError } from "../../errors.js";
import { editMembership, type MembershipEdit } from "../../sandbox/admin-agents.js";
import { type EditedField, editCampaign } from "../../sandbox/admin-edit.js";
import { loadSandboxData, writeAtomic } from "../../sandbox/persist.js";
import { CampaignStore } from "../../sandbox/store.js";
import type { SandboxEditArgs } from "../args.js";
import type { CliContext } from "../context.js";
import { editBody, editId } from "./sandbox-edit-args.js";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** What a membership edit changed. */
interface MembershipChange {
  added: string[];
  removed: string[];
}

export async function runSandboxEdit(args: SandboxEditArgs, ctx: CliContext): Promise<void> {
  const id = editId(args.id);
  const changes = args.changes ?? [];
  const membership = membershipEdit(args);
  if (changes.length === 0 && membership === undefined)
    throw new UsageError(
      "Say what to change: FIELD=VALUE (e.g. order=99), --add-agent LOGIN or --remove-agent LOGIN.",
    );
  const body = changes.length === 0 ? undefined : editBody(changes);
  if (args.url !== undefined) {
    const url = sandboxUrl(args.url);
    const changed = body === undefined ? undefined : await editOverHttp(url, id, body, ctx);
    const members =
      membership === undefined ? undefined : await membersOverHttp(url, id, membership, ctx);
    report(ctx, id, `the sandbox at ${url}`, changed, members);
  } else if (args.data !== undefined) {
    const file = path.resolve(ctx.cwd, args.data);
    const { changed, members } = await editDataFile(file, id, body, membership);
    report(ctx, id, `the sandbox data file ${args.data}`, changed, members);
  } else
    throw new UsageError(
      "Say which sandbox to edit: --url http://127.0.0.1:PORT/api (the address `thulium-campaigns sandbox` printed), or --data FILE for a stopped sandbox's data file (.thulium/sandbox/data.json is the one --sandbox uses).",
    );
}

/** The logins to add and remove, each checked to be a login (as campaign files spell them); undefined when none. */
function membershipEdit(args: SandboxEditArgs): MembershipEdit | undefined {
  const add = (args["add-agent"] ?? []).map(String);
  const remove = (args["remove-agent"] ?? []).map(String);
  if (add.length + remove.length === 0) return undefined;
  for (const login of [...add, ...remove])
    if (!AGENT_LOGIN.test(login))
      throw new UsageError(
        `--add-agent and --remove-agent take an agent login (letters, digits, ".", "_", "@", "-"), e.g. anowak, not ${JSON.stringify(login)}.`,
      );
  return { add, remove };
}

function report(
  ctx: CliContext,
  id: string,
  where: string,
  changed: EditedField[] | undefined,
  members: MembershipChange | undefined,
): void {
  const lines = (changed ?? []).map(
    (field) => `  ${field.path}: ${shown(field.before)} → ${shown(field.after)}\n`,
  );
  const moves = [
    ...(members?.added ?? []).map((login) => `+ ${printable(login)}`),
    ...(members?.removed ?? []).map((login) => `− ${printable(login)}`),
  ];
  if (moves.length > 0) lines.push(`  agents: ${moves.join(", ")}\n`);
  if (lines.length === 0) {
    ctx.output.out(`Campaign ${id} in ${where} already had these values; nothing changed.\n`);
    return;
  }
  ctx.output.out(`Edited campaign ${id} in ${where}, as an admin would in Thulium's panel:\n`);
  for (const line of lines) ctx.output.out(line);
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
  const answer = await adminPost(url, id, "edit", body, ctx);
  if (Array.isArray(answer.changed)) return answer.changed;
  throw notThisSandbox(url, 200, "");
}

async function membersOverHttp(
  url: string,
  id: string,
  edit: MembershipEdit,
  ctx: CliContext,
): Promise<MembershipChange> {
  const answer = await adminPost(url, id, "agents", { ...edit }, ctx);
  if (Array.isArray(answer.added) && Array.isArray(answer.removed))
    return { added: answer.added, removed: answer.removed };
  throw notThisSandbox(url, 200, "");
}

/** A POST to the sandbox's panel stand-in (`/_sandbox/outbounds/:id/<what>`); its 200 answer. */
async function adminPost(
  url: string,
  id: string,
  what: "edit" | "agents",
  body: Record<string, unknown>,
  ctx: CliContext,
): Promise<EditAnswer> {
  const user = ctx.env.THULIUM_USER || "api_user";
  const password = ctx.env.THULIUM_PASSWORD || "api_pass";
  const route = `${new URL(url).origin}/_sandbox/outbounds/${id}/${what}`;
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
  if (response.status === 200) return answer;
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
  throw notThisSandbox(url, response.status, said);
}

function notThisSandbox(url: string, status: number, said: string): UsageError {
  return new UsageError(
    `${url} answered HTTP ${status} to the edit${said === "" ? "" : ` (${said})`}: is it a thulium-campaigns sandbox of this version?`,
  );
}

interface EditAnswer {
  changed?: EditedField[];
  added?: string[];
  removed?: string[];
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

/** Edit a data file in place, atomically (fields and members in one write); the same checks as the routes. */
async function editDataFile(
  file: string,
  id: string,
  body: Record<string, unknown> | undefined,
  membership: MembershipEdit | undefined,
): Promise<{ changed?: EditedField[]; members?: MembershipChange }> {
  const info = await stat(file).catch(() => undefined);
  if (info === undefined || !info.isFile())
    throw new UsageError(
      `Sandbox data file ${file} ${info === undefined ? "does not exist" : "is not a regular file"}; --data names the file a sandbox keeps its campaigns in (.thulium/sandbox/data.json for --sandbox, once it has been used).`,
    );
  const data = await loadSandboxData(file).catch((error: unknown) => {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UsageError(`Sandbox data file ${file} cannot be read (${code}).`);
  });
  const store = new CampaignStore(
    { semantics: "merge", today: () => "" },
    data.campaigns,
    data.agents,
  );
  const refused = (status: number, errors: readonly { message: string }[]) =>
    new UsageError(
      status === 404
        ? `Sandbox data file ${file} has no campaign ${id}.`
        : `The sandbox refused the edit: ${errors.map((e) => e.message).join(" ")}`,
    );
  const result: { changed?: EditedField[]; members?: MembershipChange } = {};
  if (body !== undefined) {
    const outcome = editCampaign(store, id, body);
    if (!outcome.ok) throw refused(outcome.status, outcome.errors);
    result.changed = outcome.changed;
  }
  if (membership !== undefined) {
    const outcome = editMembership(store, id, membership);
    if (!outcome.ok) throw refused(outcome.status, outcome.errors);
    result.members = { added: outcome.added, removed: outcome.removed };
  }
  await writeAtomic(file, store.serialise());
  return result;
}
