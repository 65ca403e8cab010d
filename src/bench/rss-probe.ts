/**
 * Preloaded into a measured child with `node --import`: when the child exits, writes its
 * peak resident set size (kB) and the CPU time it used (user + system, µs) to the file
 * named by BENCH_RSS_OUT. CPU time says what wall time cannot on a loaded machine: how much
 * work a run did, whatever it waited for. Measured from inside,
 * because Node cannot read a child's rusage; 'exit' also runs after `process.exit()`.
 */
import { writeFileSync } from "node:fs";

const out = process.env.BENCH_RSS_OUT;
if (out !== undefined && out !== "") {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    writeFileSync(out, `${usage.maxRSS} ${usage.userCPUTime + usage.systemCPUTime}`);
  });
}
