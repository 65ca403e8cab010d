/**
 * The files `init` writes that are not copied from the package: kept as string constants
 * so they ship inside `dist/`.
 */

/**
 * A valid example campaign. It is inactive so that applying it by mistake, before its id
 * is changed to a real one, does not start dialling.
 */
export const EXAMPLE_CAMPAIGN = `# yaml-language-server: $schema=../schemas/campaign.schema.json
# An example campaign. Change the id to one of your Thulium campaigns (Thulium's panel
# shows it; five digits, quoted), set the fields you want managed, and open a pull
# request: the plan shows what apply would send. Every field except id is sent to
# Thulium as the body of PUT outbounds/:id; a field you leave out is not sent.
id: "00001"
name: Przykładowa kampania
dialer: preview
active: false
start_date: "2027-01-04"
end_date: "2027-12-17"
order: 50
parity: 50
parameters:
  caller_id: "+48221234567"
  preview_timeout: 30
`;

/**
 * Shared defaults for the campaigns folder, all commented out: `init`'s example campaign
 * is sent exactly as written until a line here is uncommented.
 */
export const DEFAULTS_FILE_TEMPLATE = `# yaml-language-server: $schema=../schemas/defaults.schema.json
# Shared defaults (a partial campaign): every campaign in this folder and its subfolders
# gets these values unless it sets its own. Its own value always wins; a subfolder's own
# _defaults.yaml wins over this one; \`parameters\` merge key by key; an \`agents\` list
# replaces. Any campaign field but \`id\`. \`plan\` shows each inherited value with the file
# and line it comes from. Uncomment what all your campaigns share, for example:
#
# group_id: 15
# parameters:
#   caller_id: "+48221234567"
# agents_policy: owned
`;

/** Project settings: every key optional; the values shown are the defaults. */
export const SETTINGS_FILE_TEMPLATE = `# yaml-language-server: $schema=./schemas/settings.schema.json
# Project settings for thulium-campaigns. Every key is optional; a flag on the command line
# wins over the same setting here. Remove a key to get its default.

# Folder of campaign files (--dir) and the last-applied state file (--state).
dir: campaigns
state: .thulium/state.json
# Requests apply sends at once (--concurrency, 1-64).
concurrency: 4

# apply refuses a plan over these limits unless run with --force.
safety:
  max_changed_percent: 30   # of the managed campaigns updated, forgotten or deactivated
  min_managed: 10           # the percentage applies only above this many managed campaigns
  # max_deactivations: 5    # at most this many deactivations (--prune) in one apply
  # max_forgets: 5          # at most this many campaigns dropped from the state
  # max_agent_removals: 20  # at most this many agent memberships removed

# When apply may run. Outside every allow window, or inside a freeze, apply refuses;
# --force --reason "why" overrides (the journal records the reason). plan shows the status.
# windows:
#   timezone: Europe/Warsaw         # IANA name; daylight saving follows the zone
#   allow:                          # absent: every hour; end excluded; 22:00-06:00 runs overnight
#     - "mon-fri 08:00-20:00"
#     - "sat 10:00-14:00"
#   freeze:                         # first and last day included; wins over allow
#     - "2026-12-20..2027-01-06"
`;

/** The sandbox's data and every transient file of the state folder stay out of git. */
export const GITIGNORE = `node_modules/
# The sandbox's data and state (thulium-campaigns apply --sandbox).
.thulium/sandbox/
# The apply lock and the previous state version; .thulium/state.json itself IS committed.
.thulium/*.lock
.thulium/*.lock.takeover
.thulium/*.backup
# Plans written by CI.
plan.json
plan.md
`;

/**
 * package.json of the new repository: thulium-campaigns as a dev dependency, installed
 * from `installFrom` (an npm install spec: `file:<folder>`, a git URL, a tarball, `^1.2.3`).
 */
export function packageJson(installFrom: string): string {
  const body = {
    name: "campaigns",
    private: true,
    description: "Thulium outbound campaigns, managed with thulium-campaigns",
    scripts: {
      validate: "thulium-campaigns validate",
      plan: "thulium-campaigns plan",
    },
    devDependencies: { "thulium-campaigns": installFrom },
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** The new repository's README: what is where, and the daily loop. */
export const README = `# Campaigns

Thulium outbound call campaigns, declared in YAML and applied with thulium-campaigns
(\`npm install\` installs it from the source named in \`package.json\`; CI installs it with
the thulium-campaigns GitHub Action named in \`.github/workflows/\`).

| path | what |
| --- | --- |
| \`campaigns/\` | one or more campaigns per \`*.yaml\` file |
| \`campaigns/_defaults.yaml\` | values shared by every campaign in the folder and below (a campaign's own value wins) |
| \`schemas/campaign.schema.json\` | the campaign format, for editor help (VS Code: Red Hat YAML extension) |
| \`.thulium/state.json\` | what was last applied to Thulium; written by CI, do not edit by hand |
| \`.github/workflows/thulium-campaigns.yml\` | plan on every pull request, apply on merge to main |

## Changing a campaign

1. Edit or add a file under \`campaigns/\` on a branch.
2. \`npx thulium-campaigns validate\` and \`npx thulium-campaigns plan\` show what would change.
3. Open a pull request: CI posts the plan as a comment. Review it.
4. Merge: CI applies the plan to Thulium and commits the updated \`.thulium/state.json\`.

CI needs the repository secrets \`THULIUM_URL\` (e.g. \`https://acme.thulium.com/api\`),
\`THULIUM_USER\` and \`THULIUM_PASSWORD\`.
`;
