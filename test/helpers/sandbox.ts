/**
 * A sandbox on 127.0.0.1:0 for tests, recording every request it answers, with the
 * environment the CLI needs to reach it.
 */
import {
  type RequestRecord,
  type Sandbox,
  type SandboxOptions,
  startSandbox,
} from "../../src/sandbox/index.js";

/** A recognisable password: any leak of it into output or files is easy to spot. */
export const TEST_USER = "api_tester";
export const TEST_PASSWORD = "S3cr3t-Pa55!";

export interface TestSandbox extends Sandbox {
  /** Every request answered (or dropped), in order. */
  requests: RequestRecord[];
  /** The PUT requests, optionally only those answered with `status`. */
  puts(status?: number): RequestRecord[];
  /** Forgets the requests recorded so far (the counts in `stats` keep running). */
  clearRequests(): void;
  /** THULIUM_URL/USER/PASSWORD for this sandbox; `password` overrides the password sent. */
  env(password?: string): Record<string, string>;
  user: string;
  password: string;
}

/**
 * Starts a sandbox with TEST_USER/TEST_PASSWORD (unless given) on a free loopback port.
 * `options.onRequest`, if given, is called as well.
 */
export async function startTestSandbox(options: SandboxOptions = {}): Promise<TestSandbox> {
  const requests: RequestRecord[] = [];
  const user = options.user ?? TEST_USER;
  const password = options.password ?? TEST_PASSWORD;
  const sandbox = await startSandbox({
    ...options,
    port: options.port ?? 0,
    host: "127.0.0.1",
    user,
    password,
    onRequest: (record) => {
      requests.push(record);
      options.onRequest?.(record);
    },
  });
  return Object.assign(sandbox, {
    requests,
    user,
    password,
    puts: (status?: number) =>
      requests.filter((r) => r.method === "PUT" && (status === undefined || r.status === status)),
    clearRequests: () => {
      requests.length = 0;
    },
    env: (override?: string) => ({
      THULIUM_URL: sandbox.url,
      THULIUM_USER: user,
      THULIUM_PASSWORD: override ?? password,
    }),
  });
}

/** Creates each campaign id in the sandbox's store (as an admin would in Thulium's panel). */
export function seedSandbox(sandbox: Sandbox, ids: readonly string[]): void {
  for (const id of ids)
    if (!sandbox.store.has(id)) sandbox.store.create({ name: `Seed ${id}` }, id);
}
