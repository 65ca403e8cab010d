/**
 * `--sandbox`: start the built-in Thulium-compatible server in-process on a free loopback
 * port, with its data kept in .thulium/sandbox/ so it remembers what was applied.
 */
import path from "node:path";
import type { DeclaredCampaign } from "../../core/campaign.js";
import { createThuliumClient } from "../../io/thulium/index.js";
import { startSandbox } from "../../sandbox/index.js";
import type { CliContext } from "../context.js";
import type { TargetChoice } from "../target.js";
import { SANDBOX_TARGET } from "../target.js";
import type { Connection } from "./connection.js";
import { sandboxListShape } from "./sandbox-list-shape.js";

const DEFAULT_USER = "api_user";
const DEFAULT_PASSWORD = "api_pass";

export async function startSandboxTarget(
  choice: TargetChoice,
  ctx: CliContext,
  declared: readonly DeclaredCampaign[],
): Promise<Connection> {
  const user = ctx.env.THULIUM_USER || DEFAULT_USER;
  const password = ctx.env.THULIUM_PASSWORD || DEFAULT_PASSWORD;
  const listShape = sandboxListShape(ctx.env);
  const sandbox = await startSandbox({
    port: 0,
    dataFile: choice.sandboxDataFile,
    user,
    password,
    listShape,
  });

  // Thulium has no API to create a campaign with a chosen id: its admins create campaigns in
  // the panel, then manage their settings as code. Do the same here, out of band.
  const missing = declared.filter((campaign) => sandbox.store.get(campaign.id) === undefined);
  for (const campaign of missing) {
    sandbox.store.create({ name: campaign.fields.name ?? `Campaign ${campaign.id}` }, campaign.id);
  }
  if (missing.length > 0) {
    const ids = missing.map((c) => c.id).join(", ");
    ctx.output.err(
      `Note: the sandbox had no campaign${missing.length === 1 ? "" : "s"} ${ids}; created ${missing.length === 1 ? "it" : "them"} first, as an admin would in Thulium's panel.\n`,
    );
  }
  ctx.output.err(
    `Using the built-in sandbox at ${sandbox.url} (data in ${path.relative(ctx.cwd, choice.sandboxDataFile)}).\n`,
  );
  return {
    target: SANDBOX_TARGET,
    api: createThuliumClient({ baseUrl: sandbox.url, user, password }),
    close: () => sandbox.close(),
  };
}
