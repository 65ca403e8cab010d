/**
 * Found by the bad-input corpus: a PUT answered 200 with an HTML page (a login page, a
 * captive portal, the web app when THULIUM_URL lacks /api) counted as success, so apply
 * recorded a change Thulium never saw and `plan` said "No changes" from then on. Such an
 * answer now fails, non-retried and stopping the run; an empty, JSON or plain 2xx body is
 * still success, as the API notes require ("treat any 2xx as success, never require a body").
 */
import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "../../src/errors.js";
import { createThuliumClient } from "../../src/io/thulium/index.js";
import { type ScriptedServer, scriptedServer } from "../io/scripted-server.js";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
});

const answer =
  (status: number, body: string, headers: Record<string, string> = {}) =>
  (_req: unknown, res: ServerResponse) => {
    res.writeHead(status, headers);
    res.end(body);
  };

async function put(respond: ReturnType<typeof answer>): Promise<unknown> {
  server = await scriptedServer(respond);
  const client = createThuliumClient({ baseUrl: server.url, user: "u", password: "pw-123456" });
  return client.updateCampaign("00001", { name: "A" }).catch((error: unknown) => error);
}

describe("a 2xx answer to PUT", () => {
  it.each([
    [
      "text/html",
      answer(200, "<html><title>Zaloguj się</title></html>", {
        "Content-Type": "text/html; charset=utf-8",
      }),
    ],
    [
      "an HTML page without a content type",
      answer(200, "<!DOCTYPE html><html><body>Login</body></html>"),
    ],
    ["201 with text/html", answer(201, "<p>ok</p>", { "Content-Type": "text/html" })],
  ])("with %s is not Thulium's API: fails once, fatal, naming the page", async (_name, respond) => {
    const error = await put(respond);
    expect(error).toBeInstanceOf(ApiError);
    const { details, message } = error as ApiError;
    expect(details).toMatchObject({ kind: "protocol", fatal: true, attempts: 1 });
    expect(message).toMatch(/with an HTML page.*instead of the API's answer/);
    expect(message).toContain("not recorded as applied");
    expect(server?.received).toHaveLength(1);
  });

  it.each([
    ["204, no body", answer(204, "")],
    ["200, empty", answer(200, "")],
    ["200, JSON", answer(200, '{"status":"ok"}', { "Content-Type": "application/json" })],
    ["200, plain text", answer(200, "OK", { "Content-Type": "text/plain" })],
    // PHP-style back ends label every answer text/html, even an empty 204.
    ["204 labelled text/html, no body", answer(204, "", { "Content-Type": "text/html" })],
    [
      "200 labelled text/html, empty",
      answer(200, "", { "Content-Type": "text/html; charset=UTF-8" }),
    ],
  ])("%s is success", async (_name, respond) => {
    expect(await put(respond)).toBeUndefined();
  });
});
