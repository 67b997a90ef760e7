import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/api-client";
import { ROOT, startApp, type AppHandle } from "../helpers/app-server";

let app: AppHandle | undefined;
afterAll(async () => app?.stop());

describe("zero setup", () => {
  it("`npm start` with no configuration at all: SQLite under ./data and a generated, private secret", async () => {
    // Empty values are treated as unset, exactly as if the variables did not exist.
    app = await startApp({ name: "zero", env: { DATABASE_URL: "", DATA_DIR: "", NEXTAUTH_SECRET: "", NEXTAUTH_URL: "" } });
    const health = await (await fetch(`${app.baseUrl}/api/health`)).json();
    expect(health.store.kind).toBe("sqlite");
    const c = new ApiClient(app.baseUrl);
    await c.signUp(`zero-${Date.now()}`);
    expect(c.user).toBeDefined();

    const secret = path.join(ROOT, "data/.nextauth-secret");
    expect(fs.statSync(secret).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(secret, "utf8").trim().length).toBeGreaterThanOrEqual(32);
    expect(fs.existsSync(path.join(ROOT, "data/chat.db"))).toBe(true);
  });

  it("scale-out mode refuses to start without a shared secret, naming the variable", async () => {
    await expect(
      startApp({ name: "nosecret", env: { DATABASE_URL: "mongodb://127.0.0.1:1/none", NEXTAUTH_SECRET: "" } }),
    ).rejects.toThrow(/exited with 1[\s\S]*NEXTAUTH_SECRET is required in scale-out mode/);
  });

  it("an unreachable database answers 503 with a message, never a 500, and health says which part is down", async () => {
    const down = await startApp({
      name: "nodb",
      env: { DATABASE_URL: "mongodb://127.0.0.1:1/none", NEXTAUTH_SECRET: "a-secret-of-at-least-32-characters!!" },
    });
    try {
      const health = await fetch(`${down.baseUrl}/api/health`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ status: "down", store: { kind: "mongo", reachable: false } });
      const reg = await new ApiClient(down.baseUrl).post("/api/register", { username: "nobody", password: "password123" });
      expect(reg.status).toBe(503);
      expect(reg.body.error).toMatchObject({ code: "unavailable:store", message: expect.stringMatching(/database/) });
    } finally {
      await down.stop();
    }
  });

  it("a bad configuration value stops the start with a message naming it", async () => {
    await expect(startApp({ name: "badcfg", env: { DATABASE_URL: "postgres://nope" } })).rejects.toThrow(
      /exited with 1[\s\S]*DATABASE_URL: must start with file:/,
    );
  });
});
