import path from "node:path";
import type { Argv, CommandModule } from "yargs";
import { UsageError } from "../../errors.js";
import type { CliContext } from "../context.js";
import { SANDBOX_ENVIRONMENT } from "../environment-help.js";
import { escapeText } from "../render/escape.js";
import { sandboxEditCommand } from "./sandbox-edit.js";

interface SandboxArgs {
  port: number;
  data?: string;
  "put-semantics": "merge" | "reset";
  "list-shape": "plain" | "paged" | "partial";
  latency: number;
  "failure-rate": number;
  "rate-limit-rate": number;
  "retry-after": number;
  "drop-rate": number;
  "slow-rate": number;
  "slow-ms": number;
  seed?: number;
}

/** `sandbox`: run the Thulium-compatible API server in the foreground until Ctrl-C. */
export function sandboxCommand(ctx: CliContext): CommandModule<object, SandboxArgs> {
  return {
    command: "sandbox",
    describe:
      "Run a Thulium-compatible API server on loopback, for trying things out without Thulium",
    builder: (yargs: Argv) =>
      yargs
        .option("port", {
          global: false,
          type: "number",
          default: 0,
          describe: "TCP port (0 picks a free one)",
        })
        .option("data", {
          global: false,
          type: "string",
          describe: "JSON file to keep campaigns in (memory only when absent)",
        })
        .option("put-semantics", {
          global: false,
          choices: ["merge", "reset"] as const,
          default: "merge" as const,
          describe:
            "What PUT does with omitted fields: keep them (merge) or reset them to the defaults (reset)",
        })
        .option("list-shape", {
          global: false,
          choices: ["plain", "paged", "partial"] as const,
          default: "plain" as const,
          describe:
            "How GET outbounds spells the list: a typed array (plain), {count, data} 100 at a time with PHP-style values (paged), or without group_id and parameters (partial)",
        })
        .option("latency", {
          global: false,
          type: "number",
          default: 0,
          describe: "Delay every response by MS milliseconds",
        })
        .option("failure-rate", {
          global: false,
          type: "number",
          default: 0,
          describe: "Share of requests answered 500/503 (0–1)",
        })
        .option("rate-limit-rate", {
          global: false,
          type: "number",
          default: 0,
          describe: "Share of requests answered 429 (0–1)",
        })
        .option("retry-after", {
          global: false,
          type: "number",
          default: 1,
          describe: "Retry-After seconds sent with 429 and 503",
        })
        .option("drop-rate", {
          global: false,
          type: "number",
          default: 0,
          describe: "Share of connections dropped unanswered (0–1)",
        })
        .option("slow-rate", {
          global: false,
          type: "number",
          default: 0,
          describe: "Share of requests delayed by --slow-ms more (0–1)",
        })
        .option("slow-ms", {
          global: false,
          type: "number",
          default: 1000,
          describe: "Extra delay of a slow request (ms)",
        })
        .option("seed", {
          global: false,
          type: "number",
          describe: "Seed for the fault dice (same seed, same faults)",
        })
        // The server's options above are not global, so `sandbox edit` shows only its own.
        .command(sandboxEditCommand(ctx) as unknown as CommandModule)
        .example("$0 sandbox --port 8080 --data sandbox.json", "Serve http://127.0.0.1:8080/api")
        .example("$0 sandbox --list-shape paged", "List campaigns as a paging PHP back end would")
        .example(
          "$0 sandbox --latency 50 --failure-rate 0.3 --seed 7",
          "Slow and flaky, reproducibly",
        )
        .epilogue(SANDBOX_ENVIRONMENT) as unknown as Argv<SandboxArgs>,
    handler: async (args) => {
      if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65_535)
        throw new UsageError(`--port must be a whole number from 0 to 65535, got ${args.port}`);
      const { startSandbox } = await import("../../sandbox/index.js");
      const dataFile = args.data === undefined ? undefined : path.resolve(ctx.cwd, args.data);
      const faults = {
        latencyMs: args.latency,
        failureRate: args["failure-rate"],
        rateLimitRate: args["rate-limit-rate"],
        retryAfterSeconds: args["retry-after"],
        dropRate: args["drop-rate"],
        slowRate: args["slow-rate"],
        slowMs: args["slow-ms"],
        ...(args.seed === undefined ? {} : { seed: args.seed }),
      };
      const sandbox = await startSandbox({
        port: args.port,
        ...(dataFile === undefined ? {} : { dataFile }),
        user: ctx.env.THULIUM_USER || "api_user",
        password: ctx.env.THULIUM_PASSWORD || "api_pass",
        putSemantics: args["put-semantics"],
        listShape: args["list-shape"],
        faults,
      }).catch((error: unknown) => {
        throw asUsageError(error, args.port);
      });
      ctx.output.out(`Sandbox listening on ${sandbox.url}\n`);
      ctx.output.err(
        `Credentials: THULIUM_USER/THULIUM_PASSWORD, by default api_user/api_pass. PUT semantics: ${args["put-semantics"]}. List shape: ${args["list-shape"]}. ${dataFile === undefined ? "Data in memory only." : `Data in ${escapeText(dataFile)}.`} Ctrl-C stops.\n`,
      );
      await abortion(ctx.signal);
      await sandbox.close();
      ctx.output.err(`Sandbox stopped after ${sandbox.stats.requests} requests.\n`);
    },
  };
}

/** Resolves once the signal aborts (at once if it already has). */
function abortion(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) =>
    signal.addEventListener("abort", () => resolve(), { once: true }),
  );
}

/** Bad fault values and a busy port are the user's to fix: no stack trace. */
function asUsageError(error: unknown, port: number): unknown {
  if (error instanceof RangeError) {
    const flags: Record<string, string> = {
      failureRate: "--failure-rate",
      rateLimitRate: "--rate-limit-rate",
      dropRate: "--drop-rate",
      slowRate: "--slow-rate",
      latencyMs: "--latency",
      slowMs: "--slow-ms",
      retryAfterSeconds: "--retry-after",
    };
    return new UsageError(error.message.replace(/^\w+/, (key) => flags[key] ?? key));
  }
  if ((error as NodeJS.ErrnoException).code === "EADDRINUSE")
    return new UsageError(
      `Port ${port} is already in use; pick another with --port, or 0 for a free one.`,
    );
  return error;
}
