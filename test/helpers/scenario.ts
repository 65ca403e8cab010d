import type { SandboxOptions } from "../../src/sandbox/index.js";
import { seedSandbox, startTestSandbox, type TestSandbox } from "./sandbox.js";
import { type CampaignDoc, makeWorkspace, type Workspace } from "./workspace.js";

/**
 * The usual end-to-end starting point: a temp workspace holding `campaigns`, and a sandbox
 * on loopback where those campaigns exist (as an admin would have created them). Both are
 * registered in `cleanups` so the test's afterEach removes them.
 */
export async function workspaceWithSandbox(
  campaigns: readonly CampaignDoc[],
  cleanups: (() => Promise<void>)[],
  sandboxOptions: SandboxOptions = {},
): Promise<{ ws: Workspace; sb: TestSandbox }> {
  const ws = await makeWorkspace(campaigns);
  cleanups.push(ws.cleanup);
  const sb = await startTestSandbox(sandboxOptions);
  cleanups.push(() => sb.close());
  seedSandbox(
    sb,
    campaigns.map((campaign) => campaign.id),
  );
  return { ws, sb };
}
