/**
 * Running `doctor` in tests: the built CLI spawned in a workspace, the promise that it
 * wrote nothing (every file and folder byte-identical afterwards), its JSON checklist by
 * check name, and a loopback server answering by path.
 */
import { readdir, readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { expect } from "vitest";
import { type CliResult, runCli } from "./cli.js";

/** One check as `doctor --format json` prints it. */
export interface JsonCheck {
  name: string;
  status: "ok" | "warn" | "fail" | "skipped";
  finding: string;
  fix?: string;
}

export interface DoctorJson {
  format_version: number;
  ok: boolean;
  checks: JsonCheck[];
  shape?: unknown;
}

/** Every file (content) and folder under `root`, by relative path. */
export async function snapshotTree(root: string): Promise<Map<string, string>> {
  const tree = new Map<string, string>();
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      const relative = path.relative(root, full);
      if (entry.isDirectory()) {
        tree.set(`${relative}/`, "(folder)");
        await walk(full);
      } else tree.set(relative, await readFile(full, "latin1"));
    }
  };
  await walk(root);
  return tree;
}

/**
 * Runs `thulium-campaigns doctor ARGS` in `cwd` and checks that it wrote nothing there:
 * the tree is the same, file for file and byte for byte, after the run.
 */
export async function runDoctor(
  cwd: string,
  env: Record<string, string>,
  args: readonly string[] = [],
): Promise<CliResult> {
  const before = await snapshotTree(cwd);
  const result = await runCli(["doctor", ...args], { cwd, env });
  expect(await snapshotTree(cwd), "doctor must write nothing").toEqual(before);
  expect(result.stderr, result.stdout).not.toMatch(/Internal error|^\s+at /m);
  return result;
}

/** `doctor --format json` parsed, with its checks by name. */
export function parseDoctorJson(
  result: CliResult,
): DoctorJson & { check: Record<string, JsonCheck> } {
  const parsed = JSON.parse(result.stdout) as DoctorJson;
  const check: Record<string, JsonCheck> = {};
  for (const each of parsed.checks) check[each.name] = each;
  return { ...parsed, check };
}

/** What a route answers. */
export interface Answer {
  status: number;
  body?: string;
  type?: string;
  headers?: Record<string, string>;
}

export interface RoutedServer {
  /** `http://127.0.0.1:PORT/api` */
  url: string;
  port: number;
  /** Request paths received, with whether they carried an Authorization header. */
  received: { path: string; authorised: boolean }[];
  close(): Promise<void>;
}

/** A bare node:http server on 127.0.0.1:0 answering each request with `answer(path, req)`. */
export async function routedServer(
  answer: (path: string, req: IncomingMessage) => Answer,
): Promise<RoutedServer> {
  const received: RoutedServer["received"] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on("end", () => {
      const requestPath = req.url ?? "/";
      received.push({ path: requestPath, authorised: req.headers.authorization !== undefined });
      const { status, body, type, headers } = answer(requestPath, req);
      res.writeHead(status, { "Content-Type": type ?? "application/json", ...headers });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api`,
    port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
