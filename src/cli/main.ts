#!/usr/bin/env node
/** The `thulium-campaigns` executable: wires the process to `runCli` and exits with its code. */
import { VERSION } from "./version.js";

// A bare `--version` is asked for by scripts and CI on every run: answer it exactly as
// yargs would (the version, a newline, exit 0) without loading yargs and every command
// module, which would take as long again as Node's own start-up.
if (process.argv.length === 3 && process.argv[2] === "--version") {
  process.stdout.write(`${VERSION}\n`);
} else {
  void main();
}

async function main(): Promise<void> {
  const [{ hideBin }, { createOutput }, { runCli }] = await Promise.all([
    import("yargs/helpers"),
    import("./output.js"),
    import("./run.js"),
  ]);
  const argv = hideBin(process.argv);
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = () => {
    interrupts += 1;
    // First Ctrl-C: stop sending, finish in-flight requests, record them, release the lock.
    // Second Ctrl-C: the user insists; leave now (state writes are atomic, so nothing corrupts).
    if (interrupts > 1) process.exit(130);
    // Aborted first: whatever the run prints as it stops (apply's plan, held while its
    // first requests went out) comes before the message, as it would have come before the key.
    controller.abort();
    process.stderr.write(
      "\nInterrupted: finishing requests in flight, then stopping (Ctrl-C again to quit now).\n",
    );
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const exitCode = await runCli(argv, {
    output: createOutput({ colorFlag: !argv.includes("--no-color") }),
    env: process.env,
    cwd: process.cwd(),
    stdin: process.stdin,
    exitCode: 0,
    signal: controller.signal,
    now: () => new Date(),
  });
  process.exitCode = exitCode;
}
