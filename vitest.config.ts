import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup/loopback-only.ts", "test/setup/no-stray-output.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: end-to-end suites spawn the CLI, so keep parallelism modest.
    maxWorkers: 2,
  },
});
