/**
 * Bad-input corpus, reads: `drift`, `plan --refresh` and `apply --refresh` against answers
 * holding no recognisable list (an HTML page, `{"foo": 1}`, …) and with bad flags, state
 * files, saved plans or environment. Every case: exit 1, one paragraph, no stack, no file
 * written or changed (helpers/corpus.ts); inputs refused before any request is sent.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, it } from "vitest";
import { type Behaviour, type Case, runCase } from "./helpers/corpus.js";

/** Answers every GET with `body`; PUTs with 204 (so nothing but the list can fail). */
function listAnswer(status: number, body: string, type = "application/json"): Behaviour {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== "GET") {
      res.writeHead(204);
      res.end();
      return;
    }
    res.writeHead(status, { "Content-Type": type });
    res.end(body);
  };
}

const HTML = "<!DOCTYPE html><html><head><title>Login</title></head><body>Sign in</body></html>";
const NO_LIST = "holds no list of campaigns this tool recognises: it is";

/** The one paragraph for an answer without a list, naming what was seen and what to run. */
function noList(seen: string): RegExp {
  const escaped = `${NO_LIST} ${seen}`.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(
    `^Error: Listing campaigns: the answer to GET outbounds ${escaped}.*doctor --show-shape`,
  );
}

/** The commands that read the list, each must refuse an answer without one. */
const READERS: [string, string[]][] = [
  ["drift", ["drift"]],
  ["drift --format json", ["drift", "--format", "json"]],
  ["plan --refresh", ["plan", "--refresh"]],
  ["plan --refresh --out (no plan file)", ["plan", "--refresh", "--out", "plan.json"]],
  ["apply --refresh", ["apply", "--refresh", "--auto-approve"]],
];

const ANSWERS: [string, Behaviour, RegExp][] = [
  ["an HTML page", listAnswer(200, HTML, "text/html"), noList("an HTML page, not JSON")],
  [
    '{"foo": 1}',
    listAnswer(200, '{"foo": 1}'),
    noList('a JSON object with the key "foo" (number)'),
  ],
  ["an empty answer", listAnswer(200, ""), noList("an empty answer")],
  ["a JSON string", listAnswer(200, '"campaigns"'), noList("a JSON string")],
  [
    "a short list (count promises more than the pages hold)",
    (req, res) => {
      const first = !(req.url ?? "").includes("offset=");
      listAnswer(200, JSON.stringify({ count: 250, data: first ? [{ id: 1 }] : [] }))(req, res);
    },
    /list says there are 250 campaigns, but only 1 distinct ones came back in 2 requests/,
  ],
  [
    "401",
    listAnswer(401, '{"errors":[{"message":"Wrong user or password."}]}'),
    /rejected the API credentials/,
  ],
];

const answers: Case[] = READERS.flatMap(([command, args]) =>
  ANSWERS.map(([what, server, detail]) => ({
    name: `${command}: ${what}`,
    args,
    server,
    sendsRequests: true,
    stderr: detail,
  })),
);

const SAVED_REFRESH_PLAN = JSON.stringify({
  format_version: 1,
  summary: { update: 0, unchanged: 2, forget: 0, deactivate: 0 },
  changes: [],
  lineage: null,
  serial: 0,
  declared_sha256: "0".repeat(64),
  options: { only: [], prune: false, refresh: true },
  created_at: "2027-01-01T00:00:00.000Z",
});

const inputs: Case[] = [
  {
    name: "drift --concurrency 0",
    args: ["drift", "--concurrency", "0"],
    stderr: /--concurrency must be a whole number from 1 to 64, not 0\./,
  },
  {
    name: "drift --format yaml",
    args: ["drift", "--format", "yaml"],
    stderr: /Invalid values:[\s\S]*Argument: format, Given: "yaml"/,
  },
  {
    name: "drift without credentials",
    args: ["drift"],
    env: () => ({}),
    stderr:
      /^Error: drift reads Thulium, so it needs THULIUM_URL, THULIUM_USER and THULIUM_PASSWORD; none of them is set\. Set them as for apply, or add --sandbox/,
  },
  {
    name: "plan --refresh without a password",
    args: ["plan", "--refresh"],
    env: (server) => ({ THULIUM_URL: server.url, THULIUM_USER: "api_user" }),
    stderr: /plan --refresh reads Thulium, .*; THULIUM_PASSWORD is not set\./,
  },
  {
    name: "drift --sandbox with an unknown THULIUM_SANDBOX_LIST_SHAPE",
    args: ["drift", "--sandbox"],
    extraEnv: { THULIUM_SANDBOX_LIST_SHAPE: "nested" },
    stderr:
      /THULIUM_SANDBOX_LIST_SHAPE must be one of plain, paged, partial \(as for sandbox --list-shape\), not "nested"/,
  },
  {
    name: "drift with a corrupt state file",
    args: ["drift"],
    files: { ".thulium/state.json": "{not json" },
    stderr: /state\.json/,
  },
  {
    name: "drift with a state applied to another Thulium",
    args: ["drift"],
    files: {
      ".thulium/state.json": `${JSON.stringify({ version: 1, lineage: "11111111-1111-4111-8111-111111111111", serial: 1, target: "https://other.thulium.com/api", campaigns: {} })}\n`,
    },
    stderr: /was applied to https:\/\/other\.thulium\.com\/api, not http:\/\/127\.0\.0\.1:\d+\/api/,
  },
  {
    name: "apply PLANFILE --refresh",
    args: ["apply", "plan.json", "--refresh", "--auto-approve"],
    files: { "plan.json": SAVED_REFRESH_PLAN },
    stderr: /--refresh belongs to `plan --out`/,
  },
  {
    name: "a saved refreshed plan without live_sha256",
    args: ["apply", "plan.json", "--auto-approve"],
    files: { "plan.json": SAVED_REFRESH_PLAN },
    stderr: /is not a valid saved plan: live_sha256 is required with options\.refresh/,
  },
];

describe("answers with no recognisable list (drift, plan --refresh, apply --refresh)", () => {
  it.each(answers.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    await runCase(c);
  });
});

describe("bad input to the reading commands (nothing is sent, no file touched)", () => {
  it.each(inputs.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    await runCase(c);
  });
});
