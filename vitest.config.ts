import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup/loopback-only.ts", "test/setup/no-stray-output.ts"],
    // Suites that spawn the CLI dozens of times take 15-20 s on a loaded 2-core machine; the
    // bound is for a hang, not a speed check (speed is measured by `npm run bench`).
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // Two cores: two workers, each a forked process (suites spawn children and send
    // signals; forks keep process.env and signal handlers per worker).
    maxWorkers: 2,
    // Files share a worker's loaded modules instead of importing src/ (yargs, ajv, the
    // whole CLI) again for every file: that import was about half of the suite's CPU.
    // Safe because src/ keeps no state between runs that a test can see (its only caches
    // are compiled schemas and a redactor keyed by the credentials), and tests restore
    // what they change (mocks in afterEach; `--sequence.shuffle` runs prove the order does
    // not matter).
    isolate: false,
  },
});
