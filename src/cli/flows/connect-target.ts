/**
 * Connects `apply` to its target: Thulium from THULIUM_URL and credentials, or the
 * built-in sandbox started in-process on a free loopback port.
 */
import type { DeclaredCampaign } from "../../core/campaign.js";
import type { CliContext } from "../context.js";
import type { TargetChoice } from "../target.js";
import type { Connection } from "./connection.js";

export type { Connection } from "./connection.js";

export async function connectTarget(
  choice: TargetChoice,
  ctx: CliContext,
  declared: readonly DeclaredCampaign[],
): Promise<Connection> {
  // Loaded here, not at the top: the HTTP client (ky) and the sandbox are heavy, and
  // `plan` without --refresh, which imports this module, never connects.
  if (choice.sandbox) {
    const { startSandboxTarget } = await import("./sandbox-target.js");
    return startSandboxTarget(choice, ctx, declared);
  }
  const { clientOptionsFromEnv, createThuliumClient } = await import("../../io/thulium/index.js");
  // One normalised URL (io/thulium/base-url.ts) is both where requests go and the target
  // the state records, so a 2xx can never be recorded against an address it did not come from.
  const options = clientOptionsFromEnv(ctx.env);
  return {
    target: options.baseUrl,
    api: createThuliumClient(options),
    close: async () => {},
  };
}
