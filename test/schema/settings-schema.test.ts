/**
 * The project settings schema documents every key (title, description, example) for
 * editors, and the commented file `init` writes is valid settings with today's defaults.
 */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { SETTINGS_FILE_TEMPLATE } from "../../src/init/templates.js";
import { parseSettings } from "../../src/io/settings/load-settings.js";
import { SETTINGS_SCHEMA_URL } from "../../src/schema/settings-validator.js";

interface Node {
  title?: string;
  description?: string;
  examples?: unknown[];
  properties?: Record<string, Node>;
}

describe("settings.schema.json", () => {
  it("gives every key a title, a description and an example", async () => {
    const schema = JSON.parse(await readFile(SETTINGS_SCHEMA_URL, "utf8")) as Node;
    const missing: string[] = [];
    const walk = (node: Node, at: string) => {
      for (const [key, child] of Object.entries(node.properties ?? {})) {
        const where = `${at}/${key}`;
        if (!child.title || !child.description) missing.push(`${where}: title/description`);
        if (child.properties === undefined && child.examples === undefined) {
          const items = (child as { items?: Node }).items;
          if (items?.examples === undefined) missing.push(`${where}: examples`);
        }
        walk(child, where);
      }
    };
    walk(schema, "");
    expect(missing).toEqual([]);
  });

  it("the file init writes has the modeline and parses to the defaults", () => {
    expect(SETTINGS_FILE_TEMPLATE).toMatch(
      /^# yaml-language-server: \$schema=\.\/schemas\/settings\.schema\.json\n/,
    );
    const settings = parseSettings(SETTINGS_FILE_TEMPLATE, "thulium-campaigns.yaml");
    expect(settings).toMatchObject({
      dir: "campaigns",
      state: ".thulium/state.json",
      concurrency: 4,
      safety: { maxChangedPercent: 30, minManaged: 10 },
    });
    expect(settings.windows).toBeUndefined();
    // Uncommenting the windows example gives valid windows.
    const uncommented = SETTINGS_FILE_TEMPLATE.replace(
      /^# ( *)(windows:|timezone:|allow:|freeze:|- ")/gm,
      "$1$2",
    ).replace(/^#( {2,})/gm, "$1");
    expect(parseSettings(uncommented, "t.yaml").windows?.allow?.map((r) => r.text)).toEqual([
      "mon-fri 08:00-20:00",
      "sat 10:00-14:00",
    ]);
  });
});
