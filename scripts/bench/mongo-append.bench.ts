import { randomBytes } from "node:crypto";
import { MongoClient } from "mongodb";
import { afterAll, it } from "vitest";
import type { ChatStore } from "@/lib/store/chat-store";
import { createMongoStore } from "@/lib/store/mongo";

/** Appends per second to ONE conversation: 1 writer, 10 writers in one instance, 10 instances. */
const url = process.env.MONGO_URL ?? `mongodb://127.0.0.1:27017/chat_bench_${randomBytes(4).toString("hex")}`;
const N = Number(process.env.BENCH_APPENDS ?? 500);
const stores: ChatStore[] = [];

async function open() {
  const store = createMongoStore(url);
  await store.init();
  stores.push(store);
  return store;
}

async function run(label: string, writers: ChatStore[], conversationId: string, senderId: string) {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    writers.map(async (store) => {
      while (next < N) {
        next++;
        await store.appendMessage({ conversationId, senderId, text: "benchmark message" });
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const log = await writers[0].listEventsSince({ conversationId, afterSeq: 0, limit: N + 10 });
  const gapFree = log.every((e, i) => e.seq === i + 1);
  console.log(`${label.padEnd(44)} ${String(Math.round(N / seconds)).padStart(6)} appends/s  (${N} in ${seconds.toFixed(2)} s, log gap-free: ${gapFree})`);
}

it("measures append throughput on one conversation", async () => {
  const store = await open();
  const user = await store.createUser({ username: `bench${randomBytes(4).toString("hex")}`, displayName: "Bench", passwordHash: "x" });
  const group = async () => (await store.createGroupConversation({ name: "bench", creatorId: user.id, memberIds: [] })).conversation.id;

  await run("1 writer", [store], await group(), user.id);
  await run("10 concurrent writers, one store instance", Array(10).fill(store), await group(), user.id);
  const instances = [store, ...(await Promise.all(Array.from({ length: 9 }, open)))];
  await run("10 writers on 10 store instances (processes)", instances, await group(), user.id);
});

afterAll(async () => {
  if (!process.env.MONGO_URL) {
    const client = new MongoClient(url);
    await client.db().dropDatabase().finally(() => client.close());
  }
  await Promise.all(stores.map((s) => s.close()));
});
