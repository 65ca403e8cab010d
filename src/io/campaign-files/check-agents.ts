/**
 * A document's `agents` and `agents_policy`, after the schema: every login listed more than
 * once (an error at each later listing, naming the first one's line; ajv's uniqueItems
 * would name only one pair, without lines), `agents_policy` without `agents` (a warning: it
 * has no effect), and the declared membership when all is well. Agents never join the
 * campaign's fields: they are not part of the PUT body.
 */
import { repeatedLogins, sortedLogins } from "../../core/agents.js";
import type { AgentsPolicy, DeclaredAgents } from "../../core/campaign.js";
import type { Issue } from "../../core/issue.js";
import type { SourceLocator } from "../../schema/errors-to-issues.js";
import { quotedExcerpt } from "../../schema/excerpt.js";

/** What a document declares about membership, and what is wrong with it. */
export interface CheckedAgents {
  issues: Issue[];
  /** Set when `agents` is declared and every part of it passed. */
  agents?: DeclaredAgents;
}

/**
 * @param failed - the shown pointers of the document's schema issues (`/agents/2`, …)
 * @param lonePolicyWarns - false for a defaults file, whose `agents_policy` is meant for
 *   campaigns below that list agents (default true)
 */
export function checkAgents(
  data: Record<string, unknown>,
  failed: ReadonlySet<string>,
  locator: SourceLocator,
  file: string,
  lonePolicyWarns = true,
): CheckedAgents {
  const issues: Issue[] = [];
  const { agents, agents_policy: policy } = data;
  if (agents === undefined) {
    if (lonePolicyWarns && policy !== undefined && !failed.has("/agents_policy")) {
      issues.push({
        severity: "warning",
        file,
        ...locator.position("/agents_policy", "key"),
        path: "/agents_policy",
        message:
          "agents_policy has no effect without agents: this campaign's membership is not managed; declare agents (a list of logins), or remove agents_policy",
      });
    }
    return { issues };
  }
  if (!Array.isArray(agents)) return { issues };
  for (const { index, firstIndex, login } of repeatedLogins(agents)) {
    const first = locator.position(`/agents/${firstIndex}`, "value");
    issues.push({
      severity: "error",
      file,
      ...locator.position(`/agents/${index}`, "value"),
      path: `/agents/${index}`,
      message: `login ${quotedExcerpt(login)} is already listed at line ${first.line}; list each login once`,
    });
  }
  const agentsFailed = [...failed].some(
    (path) => path === "/agents" || path.startsWith("/agents/"),
  );
  if (issues.length > 0 || agentsFailed || failed.has("/agents_policy")) return { issues };
  const declared: DeclaredAgents = {
    logins: sortedLogins(agents as string[]),
    policy: (policy as AgentsPolicy | undefined) ?? "owned",
  };
  return { issues, agents: declared };
}
