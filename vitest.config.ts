import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup/loopback-only.ts", "test/setup/no-stray-output.ts"],
    // Suites that spawn the CLI dozens of times take 15-20 s on a loaded 2-core machine; the
    // bound is for a hang, not a speed check (speed is measured by `npm run bench`).
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // Two cores: end-to-end suites spawn the CLI, so keep parallelism modest.
    maxWorkers: 2,
  },
});
