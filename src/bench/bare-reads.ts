/**
 * The bare baselines for the reads figures, run as a child like the CLI: `get` is one GET
 * of the list with Basic auth and a `JSON.parse` (the least any reader must do); `write
 * DIR` does the same and then writes one YAML file per campaign with `yaml.stringify`
 * (the least `import --all` must do). Env: THULIUM_URL, THULIUM_USER, THULIUM_PASSWORD.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { stringify } from "yaml";

const [mode, dir] = process.argv.slice(2);
const { THULIUM_URL, THULIUM_USER, THULIUM_PASSWORD } = process.env;
const auth = Buffer.from(`${THULIUM_USER}:${THULIUM_PASSWORD}`).toString("base64");
const response = await fetch(`${THULIUM_URL}/outbounds`, {
  headers: { authorization: `Basic ${auth}`, accept: "application/json" },
});
if (!response.ok) throw new Error(`GET outbounds: ${response.status}`);
const list = JSON.parse(await response.text()) as { id: string }[];
if (mode === "write" && dir !== undefined) {
  mkdirSync(dir, { recursive: true });
  for (const campaign of list) {
    writeFileSync(path.join(dir, `${campaign.id}.yaml`), stringify(campaign), { flag: "wx" });
  }
}
process.stdout.write(`${list.length}\n`);
