import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { ApiClient } from "../../tests/helpers/api-client";
import { startApp, type AppHandle } from "../../tests/helpers/app-server";
import { ResumingListener } from "../../tests/helpers/listener";
import { startOwnFerretDb, type OwnFerretDb } from "../../tests/helpers/own-ferretdb";
import { startOwnKafka, type OwnKafka } from "../../tests/helpers/own-kafka";
import { burst, sleep, until } from "./burst";

/**
 * Scale-out mode, two instances over this run's own FerretDB and Kafka (never the shared ones):
 * FerretDB killed with kill -9 mid-burst, then Kafka killed with kill -9 mid-burst.
 */
const run = randomBytes(4).toString("hex");
let db: OwnFerretDb | undefined;
let kafka: OwnKafka | undefined;
const apps: AppHandle[] = [];
afterAll(async () => {
  await Promise.all(apps.map((a) => a.stop()));
  await db?.stop();
  await kafka?.stop();
});

async function twoInstances(tag: string) {
  db = await startOwnFerretDb();
  kafka = await startOwnKafka();
  const env = {
    DATABASE_URL: `${db.url}/chat_faults_${run}`,
    KAFKA_BROKERS: kafka.brokers,
    KAFKA_TOPIC: `chat-faults-${run}`,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
  };
  const a1 = await startApp({ name: `${tag}1`, env: { ...env, INSTANCE_ID: `${tag}1-${run}` } });
  const a2 = await startApp({ name: `${tag}2`, env: { ...env, INSTANCE_ID: `${tag}2-${run}` } });
  apps.push(a1, a2);
  return [a1, a2];
}

describe("scale-out mode", () => {
  it("FerretDB and then Kafka killed with kill -9 mid-burst and restarted", async () => {
    const [a1, a2] = await twoInstances("sx");
    const alice = new ApiClient(a1.baseUrl);
    const bob = new ApiClient(a1.baseUrl);
    await alice.signUp(`fx-alice-${run}`);
    await bob.signUp(`fx-bob-${run}`);
    const g = (await alice.post("/api/conversations", { type: "group", name: "Faults", memberIds: [bob.user!.id] })).body.conversation;
    const room = () => ({
      senders: [alice, alice.on(a2.baseUrl)],
      reader: alice,
      listeners: [new ResumingListener(alice), new ResumingListener(bob.on(a2.baseUrl))],
      conversationId: g.id,
      n: 200,
    });

    const mongo = await burst({
      ...room(),
      scenario: "FerretDB kill -9, down 5 s (2 instances)",
      fault: async (acked) => {
        await until(() => acked() >= 50);
        await db!.kill();
        await sleep(5_000);
        await db!.start();
      },
    });
    const broker = await burst({
      ...room(),
      scenario: "Kafka kill -9, down 10 s (2 instances)",
      fault: async (acked) => {
        await until(() => acked() >= 50);
        await kafka!.kill();
        await sleep(10_000);
        await kafka!.start();
      },
    });
    for (const r of [mongo, broker]) {
      expect(r.acknowledged).toBe(r.messages);
      expect(r.persisted).toBe(r.acknowledged);
      expect(r.duplicatedInStore).toBe(0);
      for (const d of r.delivered) expect(d).toBe(r.acknowledged);
      for (const d of r.deliveredDuplicates) expect(d).toBe(0);
      expect(Object.keys(r.statuses).filter((k) => !["201", "200", "503 unavailable:store"].includes(k))).toEqual([]);
    }
    for (const a of [a1, a2]) expect(a.output()).not.toMatch(/unexpected error/);
  });
});
