import { afterEach, describe, expect, it } from "vitest";
import { type PutSemantics, type Sandbox, startSandbox } from "../../src/sandbox/index.js";
import { call } from "./helpers.js";

const FULL = {
  name: "Kampania",
  dialer: "preview" as const,
  active: false,
  start_date: "2030-01-01",
  end_date: "2030-12-31",
  order: 10,
  parity: 20,
  group_id: 15,
  parameters: { caller_id: "123", preview_timeout: 30 },
};

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function withCampaign(putSemantics?: PutSemantics): Promise<Sandbox> {
  sandbox = await startSandbox({
    ...(putSemantics ? { putSemantics } : {}),
    today: () => "2031-02-03",
  });
  sandbox.store.create(FULL, "00001");
  return sandbox;
}

describe("PUT semantics", () => {
  it("merge (the default): omitted fields keep their values; parameters merge key by key", async () => {
    const box = await withCampaign();
    const put = { name: "Nowa", parameters: { caller_id: "999" } };
    expect((await call(box, "PUT", "/outbounds/00001", { json: put })).status).toBe(204);
    expect(box.store.get("00001")).toEqual({
      id: "00001",
      ...FULL,
      name: "Nowa",
      parameters: { caller_id: "999", preview_timeout: 30 },
    });
  });

  it("reset: omitted fields take the documented defaults or go; parameters are replaced whole", async () => {
    const box = await withCampaign("reset");
    const put = { name: "Nowa", parameters: { caller_id: "999" } };
    expect((await call(box, "PUT", "/outbounds/00001", { json: put })).status).toBe(204);
    expect(box.store.get("00001")).toEqual({
      id: "00001",
      name: "Nowa",
      active: true,
      start_date: "2031-02-03",
      order: 50,
      parity: 50,
      parameters: { caller_id: "999" },
    });
  });

  it("both readings agree when every field is sent", async () => {
    const results = [];
    for (const semantics of ["merge", "reset"] as const) {
      const box = await withCampaign(semantics);
      const put = {
        ...FULL,
        name: "Inna",
        order: 3,
        parameters: { caller_id: "5", preview_timeout: 9 },
      };
      await call(box, "PUT", "/outbounds/00001", { json: put });
      results.push(box.store.get("00001"));
      await box.close();
      sandbox = undefined;
    }
    expect(results[0]).toEqual(results[1]);
    expect(results[0]).toMatchObject({ name: "Inna", order: 3, active: false });
  });
});
