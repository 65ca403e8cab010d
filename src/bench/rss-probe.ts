/**
 * Preloaded into a measured child with `node --import`: when the child exits, writes its
 * peak resident set size (kB) to the file named by BENCH_RSS_OUT. Measured from inside,
 * because Node cannot read a child's rusage; 'exit' also runs after `process.exit()`.
 */
import { writeFileSync } from "node:fs";

const out = process.env.BENCH_RSS_OUT;
if (out !== undefined && out !== "") {
  process.on("exit", () => writeFileSync(out, String(process.resourceUsage().maxRSS)));
}
