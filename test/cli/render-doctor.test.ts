/**
 * doctor's views: the text checklist (status, name, finding, a fix line under warnings and
 * failures, the verdict) with text from outside made inert, the JSON shape of the contract,
 * and `doctor --help`.
 */
import { describe, expect, it } from "vitest";
import type { Output } from "../../src/cli/output.js";
import { renderDoctorJson } from "../../src/cli/render/doctor-json.js";
import { renderDoctorText } from "../../src/cli/render/doctor-text.js";
import type { DoctorResult } from "../../src/use-cases/doctor.js";
import { cliText, REPO } from "./built-cli.js";

const plain: Output = {
  out: () => undefined,
  err: () => undefined,
  color: false,
  interactive: false,
  paint: (_style, text) => text,
};

const result: DoctorResult = {
  ok: false,
  checks: [
    { name: "node", status: "ok", finding: "Node.js 20.19.2 (20.19 or later is needed)" },
    {
      name: "credentials",
      status: "fail",
      finding: "Thulium rejected the API user and password (HTTP 401 to GET outbounds)",
      fix: "check THULIUM_USER and THULIUM_PASSWORD",
    },
    { name: "list", status: "skipped", finding: "skipped: needs credentials, which failed" },
    {
      name: "lock",
      status: "warn",
      finding: "held by apply\u001b[31m (pid 1 on host evil\u202e\u009b2J\nline, since t)",
      fix: 'rm ".thulium/state.json.lock"',
    },
  ],
  shape: { skeleton: { "k\u009b\u202e": "number" } },
};

describe("doctor text", () => {
  it("one line per check, fix lines aligned under the finding, the verdict, the shape", async () => {
    const text = renderDoctorText(result, plain);
    expect(text.split("\n")).toEqual([
      "doctor: set-up checks (reads only, writes nothing)",
      "",
      "ok    node         Node.js 20.19.2 (20.19 or later is needed)",
      "FAIL  credentials  Thulium rejected the API user and password (HTTP 401 to GET outbounds)",
      "                   fix: check THULIUM_USER and THULIUM_PASSWORD",
      "skip  list         skipped: needs credentials, which failed",
      "warn  lock         held by apply\\u001b[31m (pid 1 on host evil\\u202e\\u009b2J\\nline, since t)",
      '                   fix: rm ".thulium/state.json.lock"',
      "",
      "✗ 1 essential check failed (credentials), 1 skipped; 1 warning (lock). Fix it and run doctor again.",
      "",
      "Shape of the answer to GET outbounds (key names and JSON types; values replaced, at most 3 items per list):",
      "{",
      '  "k\\u009b\\u202e": "number"',
      "}",
      "",
    ]);
  });

  it("no failure: the verdict says so and names the warnings", async () => {
    const passing: DoctorResult = {
      ok: true,
      checks: result.checks.filter((c) => c.status !== "fail"),
    };
    expect(renderDoctorText(passing, plain)).toContain(
      "✓ No essential check failed; 1 warning (lock).\n",
    );
  });
});

describe("doctor JSON", () => {
  it("format_version, ok, checks with fix only where there is one, the shape; control characters escaped", async () => {
    const json = renderDoctorJson(result);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
    expect(json).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(JSON.parse(json)).toEqual({
      format_version: 1,
      ok: false,
      checks: result.checks.map(({ name, status, finding, fix }) =>
        fix === undefined ? { name, status, finding } : { name, status, finding, fix },
      ),
      shape: { "k\u009b\u202e": "number" },
    });
  });

  it("shape: null when no answer was read; absent without --show-shape", async () => {
    expect(
      JSON.parse(renderDoctorJson({ ...result, shape: { unavailable: "x" } })).shape,
    ).toBeNull();
    const { shape: _, ...without } = result;
    expect(JSON.parse(renderDoctorJson(without))).not.toHaveProperty("shape");
  });
});

describe("doctor --help", () => {
  it("exits 0 with examples and the variables it reads", async () => {
    const { code, stdout, stderr } = await cliText(["doctor", "--help"], REPO);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toMatch(/^ {2}thulium-campaigns doctor --show-shape\b/m);
    expect(stdout).toMatch(
      /^ {2}THULIUM_PASSWORD +its password; only said to be set or not, never shown$/m,
    );
    for (const name of [
      "THULIUM_URL",
      "THULIUM_USER",
      "THULIUM_TIMEOUT_MS",
      "THULIUM_RETRIES",
      "THULIUM_RETRY_BASE_MS",
      "NO_COLOR",
    ])
      expect(stdout).toMatch(new RegExp(`^  ${name}\\b`, "m"));
  });
});
