/**
 * Compressed responses: the client judges, summarises and parses the decoded body, as
 * fetch would, for every coding a server may use (a real node:http server compressing
 * with zlib). A compressed HTML page answering a PUT is the same failure as a plain one.
 */
import type { ServerResponse } from "node:http";
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { createThuliumClient } from "../../src/io/thulium/index.js";
import { failure } from "./api-failure.js";
import { type Responder, type ScriptedServer, scriptedServer } from "./scripted-server.js";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(...responders: Responder[]) {
  server = await scriptedServer(...responders);
  return createThuliumClient({
    baseUrl: server.url,
    user: "api_user",
    password: "pw-not-echoed",
    retries: 2,
    retryBaseMs: 0,
  });
}

const ENCODERS: Record<string, (body: string) => Buffer> = {
  gzip: (body) => gzipSync(body),
  "x-gzip": (body) => gzipSync(body),
  br: (body) => brotliCompressSync(body),
  deflate: (body) => deflateSync(body),
  "deflate (raw)": (body) => deflateRawSync(body),
  "gzip, br": (body) => brotliCompressSync(gzipSync(body)),
};

/** Answer with `body` compressed by `name`, labelled with its Content-Encoding. */
function compressed(name: string, status: number, body: string, type: string): Responder {
  return (_req, res: ServerResponse) => {
    const encode = ENCODERS[name];
    if (encode === undefined) throw new Error(`no encoder ${name}`);
    res.writeHead(status, {
      "Content-Type": type,
      "Content-Encoding": name.replace(/ \(raw\)$/, ""),
    });
    res.end(encode(body));
  };
}

const LOGIN_PAGE =
  "<!DOCTYPE html><html><head><title>Zaloguj się</title></head><body>Login</body></html>";

describe.each(Object.keys(ENCODERS))("Content-Encoding %s", (name) => {
  it("a 200 HTML login page answering a PUT is a failure that stops the run, not a success", async () => {
    const client = await clientFor(compressed(name, 200, LOGIN_PAGE, "text/html"));
    const error = await failure(client.updateCampaign("00001", { name: "A" }));
    expect(error.message).toMatch(
      /HTTP 200 with an HTML page \("Zaloguj się"\) instead of the API's answer.*not recorded as applied/,
    );
    expect(error.details).toMatchObject({ kind: "protocol", fatal: true });
  });

  it("a Thulium JSON error is read: its messages and request id", async () => {
    const body = JSON.stringify({
      request_id: "53678450401cf",
      errors: [{ message: "Wrong format of phone number.", code: 111111 }],
    });
    const client = await clientFor(compressed(name, 400, body, "application/json"));
    const error = await failure(client.updateCampaign("00001", { name: "A" }));
    expect(error.details.messages).toEqual(["Wrong format of phone number."]);
    expect(error.details.requestId).toBe("53678450401cf");
  });

  it("a list is parsed from the decoded body", async () => {
    const body = JSON.stringify([{ id: "00001", name: "Sprzedaż" }, { id: 2 }]);
    const client = await clientFor(compressed(name, 200, body, "application/json"));
    expect(await client.listCampaigns()).toEqual([
      { id: "00001", name: "Sprzedaż" },
      { id: "00002" },
    ]);
  });

  it("an empty 200 answering a PUT is still a success, whatever its declared coding", async () => {
    const client = await clientFor((_req, res) => {
      res.writeHead(200, { "Content-Encoding": name.replace(/ \(raw\)$/, "") });
      res.end();
    });
    await client.updateCampaign("00001", { name: "A" });
    expect(server?.received).toHaveLength(1);
  });
});

describe("bodies that cannot be decoded are never taken for success", () => {
  it("a coding the client does not know (a non-empty body)", async () => {
    const client = await clientFor((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/html", "Content-Encoding": "zstd" });
      res.end(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3, 4]));
    });
    const error = await failure(client.updateCampaign("00001", { name: "A" }));
    expect(error.message).toMatch(
      /unexpected response to PUT .*: the response body could not be decoded: its content encoding "zstd" is not one this tool reads/,
    );
  });

  it("a corrupt gzip body", async () => {
    const client = await clientFor((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/html", "Content-Encoding": "gzip" });
      res.end(Buffer.from("definitely not gzip"));
    });
    const error = await failure(client.updateCampaign("00001", { name: "A" }));
    expect(error.message).toMatch(
      /unexpected response to PUT .*: the response body could not be decoded: .*\(Z_DATA_ERROR\)/,
    );
  });
});
