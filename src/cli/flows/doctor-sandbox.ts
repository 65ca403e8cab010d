/**
 * `doctor --sandbox`: the built-in sandbox started in memory from a copy of its data file.
 * Unlike `apply --sandbox` (sandbox-target.ts), nothing is written: the data file is only
 * read, declared campaigns missing from it are not created (doctor reports them), and no
 * change could reach the disk, because the server is given no data file to persist to.
 */

import { startSandbox } from "../../sandbox/index.js";
import { loadData } from "../../sandbox/persist.js";
import type { StartedSandbox } from "../../use-cases/doctor.js";

const DEFAULT_USER = "api_user";
const DEFAULT_PASSWORD = "api_pass";

/** Starts a read-only sandbox on a free loopback port with the campaigns of `dataFile`. */
export async function startReadOnlySandbox(
  dataFile: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<StartedSandbox> {
  // The same credentials as apply --sandbox: THULIUM_USER/THULIUM_PASSWORD when set.
  const user = env.THULIUM_USER || DEFAULT_USER;
  const password = env.THULIUM_PASSWORD || DEFAULT_PASSWORD;
  const campaigns = await loadData(dataFile, { readOnly: true });
  const sandbox = await startSandbox({ port: 0, user, password });
  for (const { id, ...fields } of campaigns) sandbox.store.create(fields, id);
  return { url: sandbox.url, user, password, close: () => sandbox.close() };
}
