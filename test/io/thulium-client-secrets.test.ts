import { afterEach, describe, expect, it } from "vitest";
import { ApiError, UsageError } from "../../src/errors.js";
import { clientOptionsFromEnv, createThuliumClient } from "../../src/io/thulium/index.js";
import { type Responder, reply, type ScriptedServer, scriptedServer } from "./scripted-server.js";

const USER = "api_robot";
const PASSWORD = "Zażółć-gęślą/jaźń:42!";
const FORMS = [
  PASSWORD,
  encodeURIComponent(PASSWORD),
  Buffer.from(`${USER}:${PASSWORD}`).toString("base64"),
  Buffer.from(PASSWORD).toString("base64"),
];

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Every way an error can be shown or serialised. */
function renderings(error: unknown): string {
  const e = error as Error;
  return [
    e.message,
    String(e),
    JSON.stringify(e),
    JSON.stringify((e as ApiError).details),
    e.stack ?? "",
  ].join("\n");
}

function expectNoSecret(error: unknown) {
  const text = renderings(error);
  for (const form of FORMS) expect(text).not.toContain(form);
}

/** Servers that echo the request's credentials back in every way a careless proxy might. */
const echoes: [string, Responder][] = [
  [
    "Thulium JSON echoing the header and password",
    (req, res) => {
      const body = {
        request_id: `id ${req.headers.authorization}`,
        errors: [{ message: `Bad auth ${req.headers.authorization} (${PASSWORD})`, code: 1 }],
      };
      reply(400, body)(req, res, 0);
    },
  ],
  [
    "an HTML page echoing them in its title",
    (req, res) =>
      reply(
        502,
        `<title>Denied ${req.headers.authorization} ${encodeURIComponent(PASSWORD)}</title>`,
      )(req, res, 0),
  ],
  [
    "plain text echoing the password",
    (req, res) => reply(500, `password was ${PASSWORD}`)(req, res, 0),
  ],
  [
    "a redirect carrying the credentials in its Location",
    (req, res) =>
      reply(302, "", {
        Location: `https://${USER}:${encodeURIComponent(PASSWORD)}@evil.example/?a=${req.headers.authorization}`,
      })(req, res, 0),
  ],
];

describe("the password never leaves the client", () => {
  it.each(echoes)("%s", async (_label, responder) => {
    server = await scriptedServer(responder);
    const api = createThuliumClient({
      baseUrl: server.url,
      user: USER,
      password: PASSWORD,
      retries: 1,
    });
    const error = await api.updateCampaign("00001", { name: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    // The server really did echo them: the test would catch a leak.
    expect(server.received[0]?.headers.authorization).toBe(`Basic ${FORMS[2]}`);
    expectNoSecret(error);
    expect(renderings(error)).toContain("[REDACTED]");
  });

  it("keeps no request, response or cause in the error", async () => {
    server = await scriptedServer(reply(500));
    const api = createThuliumClient({
      baseUrl: server.url,
      user: USER,
      password: PASSWORD,
      retries: 1,
    });
    const error = (await api.updateCampaign("00001", {}).catch((e: unknown) => e)) as ApiError;
    expect(error.cause).toBeUndefined();
    expect(Object.keys(error).sort()).toEqual(["details", "exitCode", "name"]);
    expectNoSecret(error);
  });

  it("does not print the password in configuration errors", () => {
    const env = {
      THULIUM_URL: `not a url ${PASSWORD}`,
      THULIUM_USER: USER,
      THULIUM_PASSWORD: PASSWORD,
    };
    const error = (() => {
      try {
        clientOptionsFromEnv(env);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UsageError);
    expectNoSecret(error);
  });
});
