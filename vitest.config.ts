import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Files that take longest by the wall clock (they spawn npm, kill children or wait out
 * timeouts and Retry-After on purpose), slowest first. Vitest starts files in order on two
 * workers; started last, one of these leaves the other worker idle at the end. Vitest orders
 * by the durations it cached from the previous run, but a fresh clone (CI) has no cache.
 */
const SLOW_FIRST = [
  "test/reliability/faults.test.ts",
  "test/package/action.test.ts",
  "test/e2e/import.test.ts",
  "test/io/state-store.test.ts",
  "test/reliability/import-crash.test.ts",
  "test/cli/bundle-startup.test.ts",
  "test/reliability/crash-safety.test.ts",
  "test/package/init-install.test.ts",
  "test/io/thulium-client-http.test.ts",
  "test/examples/drift-workflows.test.ts",
  "test/e2e/drift-shapes.test.ts",
];

/** `items` in an order drawn from `seed` (Fisher-Yates with a small LCG). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const result = [...items];
  let state = seed >>> 0 || 1;
  const next = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [result[i], result[j]] = [result[j] as T, result[i] as T];
  }
  return result;
}

class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { shuffle, seed } = this.ctx.config.sequence;
    // Setting a sequencer replaces vitest's shuffling one: `--sequence.shuffle` still gets
    // files in a seeded random order (the order independence check).
    if (shuffle) return shuffled(files, seed);
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const index = SLOW_FIRST.findIndex((slow) => file.moduleId.endsWith(`/${slow}`));
      return index < 0 ? SLOW_FIRST.length : index;
    };
    // A stable sort: the rest keep the base order (failed first, then longest cached).
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup/loopback-only.ts", "test/setup/no-stray-output.ts"],
    globalSetup: ["test/setup/package-root.ts"],
    // Suites that spawn the CLI dozens of times take 15-20 s on a loaded 2-core machine; the
    // bound is for a hang, not a speed check (speed is measured by `npm run bench`).
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // Forked workers (suites spawn children and send signals; forks keep process.env and
    // signal handlers per worker). Three on two cores: the suites that wait (on killed
    // children, client deadlines, Retry-After, npm) would otherwise leave a core idle; a
    // third worker costs its own module loading (~5 s of CPU) and took `npm test` from
    // ~79 s to ~71 s here.
    maxWorkers: 3,
    // Files share a worker's loaded modules instead of importing src/ (yargs, ajv, the
    // whole CLI) again for every file: that import was about half of the suite's CPU.
    // Safe because src/ keeps no state between runs that a test can see (its only caches
    // are compiled schemas and redactors keyed by the credentials, at most 16), and tests restore
    // what they change (mocks in afterEach; `--sequence.shuffle` runs prove the order does
    // not matter).
    isolate: false,
    sequence: { sequencer: SlowFirstSequencer },
  },
});
