/**
 * What `npm run bench` measures, and at which sizes. The full run stays under 10 minutes
 * on a 2-core machine; `--quick` (or BENCH_QUICK=1) runs every figure at tiny sizes, for
 * the smoke test. BENCH_SIZES=1000,10000 overrides the plan sizes and BENCH_SECTIONS (or
 * `--sections plan,apply`) picks sections, for profiling one thing at a time.
 */
import type { Layout } from "./generate.js";

export const SECTIONS = ["plan", "apply", "startup", "first-apply", "reads"] as const;
export type Section = (typeof SECTIONS)[number];

export interface BenchConfig {
  quick: boolean;
  sections: Section[];
  plan: { sizes: number[]; layouts: Layout[]; repeats: (size: number) => number };
  apply: { campaigns: number; latencyMs: number; concurrencies: number[]; bareFrom: number };
  startup: { repeats: number };
  firstApply: { campaigns: number; concurrency: number; repeats: number };
  reads: { campaigns: number; repeats: number };
}

/** The configuration for these arguments and environment. */
export function benchConfig(argv: readonly string[], env: NodeJS.ProcessEnv): BenchConfig {
  const quick = argv.includes("--quick") || env.BENCH_QUICK === "1";
  const sectionsArg = argv[argv.indexOf("--sections") + 1];
  const sectionList = argv.includes("--sections") ? sectionsArg : env.BENCH_SECTIONS;
  const sections = sectionList ? parseSections(sectionList) : [...SECTIONS];
  const sizes = env.BENCH_SIZES
    ? env.BENCH_SIZES.split(",").map((size) => parseSize(size))
    : quick
      ? [200]
      : [1_000, 10_000, 50_000];
  return {
    quick,
    sections,
    plan: {
      sizes,
      layouts: ["one-per-file", "100-per-file"],
      // Medians of 3 where a run is short; the 50,000 runs take seconds each and vary less.
      repeats: (size) => (quick ? 1 : size <= 10_000 ? 3 : 1),
    },
    apply: quick
      ? { campaigns: 40, latencyMs: 5, concurrencies: [1, 4, 16, 64], bareFrom: 1 }
      : { campaigns: 1_000, latencyMs: 50, concurrencies: [1, 4, 16, 64], bareFrom: 4 },
    startup: { repeats: quick ? 1 : 9 },
    firstApply: quick
      ? { campaigns: 200, concurrency: 32, repeats: 1 }
      : { campaigns: 10_000, concurrency: 32, repeats: 3 },
    reads: quick ? { campaigns: 200, repeats: 1 } : { campaigns: 10_000, repeats: 3 },
  };
}

function parseSections(list: string): Section[] {
  const names = list.split(",").map((name) => name.trim());
  for (const name of names) {
    if (!(SECTIONS as readonly string[]).includes(name)) {
      throw new Error(`Unknown bench section "${name}"; use ${SECTIONS.join(", ")}.`);
    }
  }
  return names as Section[];
}

function parseSize(text: string): number {
  const size = Number(text.trim());
  // Thulium ids are five digits, so 99,999 campaigns at most.
  if (!Number.isInteger(size) || size < 1 || size > 99_999) {
    throw new Error(`BENCH_SIZES: "${text}" is not a whole number from 1 to 99999.`);
  }
  return size;
}
