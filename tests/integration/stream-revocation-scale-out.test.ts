import { randomBytes } from "node:crypto";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient, type SseClient } from "../helpers/api-client";
import { startApp, type AppHandle } from "../helpers/app-server";
import { KAFKA_BROKERS, MONGO_BASE, requireServices } from "../helpers/services";

/**
 * Sign-out on one instance ends the same sign-in's live stream on another instance (FerretDB +
 * Kafka, over real HTTP): the other instance learns it from the store within its
 * SSE_SESSION_CHECK_MS, not from the bus. The person's other sign-in keeps streaming there.
 */
const run = randomBytes(4).toString("hex");
const dbName = `chat_revoke_${run}`;
const CHECK_MS = 1000;
const env = {
  DATABASE_URL: `${MONGO_BASE}/${dbName}`,
  KAFKA_BROKERS,
  KAFKA_TOPIC: `chat-revoke-${run}`,
  KAFKA_CLIENT_ID: "chat-test",
  NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
  SSE_SESSION_CHECK_MS: String(CHECK_MS),
};
let app1: AppHandle, app2: AppHandle;

beforeAll(async () => {
  await requireServices();
  [app1, app2] = await Promise.all([
    startApp({ name: "revoke1", env: { ...env, INSTANCE_ID: `revoke1-${run}` } }),
    startApp({ name: "revoke2", env: { ...env, INSTANCE_ID: `revoke2-${run}` } }),
  ]);
});
afterAll(async () => {
  await Promise.all([app1?.stop(), app2?.stop()]);
  const mongo = await MongoClient.connect(MONGO_BASE);
  await mongo.db(dbName).dropDatabase().catch(() => {});
  await mongo.close();
});

async function endsWithin(s: SseClient, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const open = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const ended = await Promise.race([s.done.then(() => true), open]);
  clearTimeout(timer);
  return ended;
}

describe("stream revocation across instances", () => {
  it("signing out through one instance ends that sign-in's stream on the other; another sign-in's stream there keeps delivering", async () => {
    const phone = new ApiClient(app1.baseUrl);
    await phone.signUp(`xr-ann-${run}`);
    const laptop = new ApiClient(app1.baseUrl);
    expect(await laptop.login(`xr-ann-${run}`)).toBe(200);
    const bob = new ApiClient(app1.baseUrl);
    await bob.signUp(`xr-bob-${run}`);
    const g = (await bob.post("/api/conversations", { type: "group", name: "Across", memberIds: [phone.user!.id] })).body.conversation;

    const phoneOn2 = await phone.on(app2.baseUrl).openStream();
    const laptopOn2 = await laptop.on(app2.baseUrl).openStream();
    for (const s of [phoneOn2, laptopOn2]) {
      expect(s.status).toBe(200);
      await s.waitForReady(15_000);
    }

    const csrf = await phone.get("/api/auth/csrf");
    const out = await phone.request("POST", "/api/auth/signout", new URLSearchParams({ csrfToken: csrf.body.csrfToken, json: "true" }).toString(), {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(out.status).toBe(200);

    expect(await endsWithin(phoneOn2, 20 * CHECK_MS)).toBe(true);
    expect((await bob.post(`/api/conversations/${g.id}/messages`, { text: "after the sign-out" })).status).toBe(201);
    await laptopOn2.waitFor((evs) => evs.some((e) => e.event === "message.created" && e.data.message.text === "after the sign-out"), 15_000, "the message on app2");
    expect(phoneOn2.events.some((e) => e.event === "message.created" && e.data.message.text === "after the sign-out")).toBe(false);
    laptopOn2.close();
  });
});
