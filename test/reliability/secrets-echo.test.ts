/**
 * Secrets, parametric: a loopback server echoes the API password in its error body in
 * every form a server or proxy writes it (plain, JSON escapes, percent-encoding, HTML
 * references, base64 of user:password, …), at the start, in the middle, across the
 * 200-character cut of the error summary and past it. Through the built CLI (one apply,
 * one campaign per form × position) and in-process (every view of the client's error),
 * no piece of the password may show; where the echo falls inside the summary, the
 * message shows `[REDACTED]` in its place, proving the echo was seen and scrubbed. The
 * CLI's own last line of defence is the same redactor: a setting echoing the password in
 * any of these forms is scrubbed too.
 */
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createThuliumClient } from "../../src/io/thulium/index.js";
import { type CliResult, runCli } from "../helpers/cli.js";
import { makeWorkspace, sampleCampaigns, type Workspace } from "../helpers/workspace.js";
import { type CountingServer, startCountingServer } from "./helpers/corpus.js";
import {
  ECHO_FORMS,
  ECHO_PASSWORD,
  ECHO_POSITIONS,
  ECHO_USER,
  type EchoForm,
  filler,
  leakedPiece,
} from "./helpers/echo-forms.js";

interface EchoCase {
  label: string;
  id: string;
  form: EchoForm;
  position: (typeof ECHO_POSITIONS)[number];
}

/** One campaign per form × position: campaign 000NN gets case NN's body. */
const cases: EchoCase[] = ECHO_FORMS.flatMap((form) =>
  ECHO_POSITIONS.map((position) => ({ form, position })),
).map(({ form, position }, i) => ({
  label: `${form.name}, ${position.name}`,
  id: String(i + 1).padStart(5, "0"),
  form,
  position,
}));

let server: CountingServer;
let workspace: Workspace;
let apply: CliResult;
/** Requests the server had answered when the apply in beforeAll ended. */
let requestsOfApply = 0;

beforeAll(async () => {
  server = await startCountingServer((req, res) => {
    const id = /\/outbounds\/(\d{5})$/.exec(req.url ?? "")?.[1];
    const echo = cases.find((c) => c.id === id);
    if (echo === undefined) {
      res.writeHead(404);
      res.end();
      return;
    }
    const before = filler(Math.max(0, echo.position.offset - echo.form.lead));
    const body = echo.form.body(before, ` ${filler(300)}`);
    res.writeHead(400, { "Content-Type": echo.form.contentType });
    res.end(body);
  });
  workspace = await makeWorkspace(sampleCampaigns(cases.length));
  apply = await runCli(["apply", "--auto-approve"], {
    cwd: workspace.dir,
    env: {
      THULIUM_URL: server.url,
      THULIUM_USER: ECHO_USER,
      THULIUM_PASSWORD: ECHO_PASSWORD,
      THULIUM_RETRIES: "1",
    },
  });
  // Counted now: other tests in this file send requests to the same server.
  requestsOfApply = server.count;
});
afterAll(async () => {
  await server?.close();
  await workspace?.cleanup();
});

/** The lines of the CLI's output about one campaign (its outcome and its failure). */
function linesAbout(id: string): string {
  return `${apply.stdout}\n${apply.stderr}`
    .split("\n")
    .filter((line) => line.includes(`Campaign ${id}`))
    .join("\n");
}

describe("an echoed password never shows (built CLI)", () => {
  it("the apply failed for every campaign, and nothing was recorded", async () => {
    expect(apply.code, apply.stderr).toBe(1);
    expect(apply.stderr).toContain(`${cases.length} campaigns failed`);
    expect(requestsOfApply).toBe(cases.length);
    expect(await workspace.readState()).toBeUndefined();
  });

  it.each(cases.map((c) => [c.label, c] as const))("%s", (_label, c) => {
    const lines = linesAbout(c.id);
    expect(lines, "the campaign's failure is reported").toMatch(/HTTP 400/);
    expect(leakedPiece(lines), lines).toBeUndefined();
    if (c.position.shown) expect(lines, "the echo was seen and scrubbed").toContain("[REDACTED]");
  });

  it("nothing anywhere in the output or the workspace", async () => {
    expect(leakedPiece(apply.stdout), apply.stdout).toBeUndefined();
    expect(leakedPiece(apply.stderr), apply.stderr).toBeUndefined();
    for (const [name, content] of await workspace.readAllFiles())
      expect(leakedPiece(content), name).toBeUndefined();
  });
});

describe("an echoed password never shows (in-process, every view of the error)", () => {
  it.each(cases.map((c) => [c.label, c] as const))("%s", async (_label, c) => {
    const client = createThuliumClient({
      baseUrl: server.url,
      user: ECHO_USER,
      password: ECHO_PASSWORD,
      retries: 1,
    });
    const error = await client.updateCampaign(c.id, { name: "A" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    const views = [
      String(error),
      JSON.stringify(error),
      JSON.stringify(error, Object.getOwnPropertyNames(error)),
      (error as Error).stack ?? "",
      inspect(error, { depth: null, showHidden: true }),
    ].join("\n");
    expect(leakedPiece(views), views).toBeUndefined();
    if (c.position.shown) expect(views).toContain("[REDACTED]");
  });
});

describe("the CLI's last line of defence scrubs the same forms", () => {
  // A setting's value is echoed in its error; here it is the password, pasted by mistake.
  it.each(ECHO_FORMS.map((form) => [form.name, form] as const))("%s", async (_name, form) => {
    const result = await runCli(["apply", "--auto-approve"], {
      cwd: workspace.dir,
      env: {
        THULIUM_URL: server.url,
        THULIUM_USER: ECHO_USER,
        THULIUM_PASSWORD: ECHO_PASSWORD,
        THULIUM_RETRIES: `x ${form.encoded} y`,
      },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /THULIUM_RETRIES must be a positive whole number, got "x \[REDACTED\] y"/,
    );
    expect(leakedPiece(result.stderr), result.stderr).toBeUndefined();
  });
});
