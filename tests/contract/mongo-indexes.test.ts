import { randomBytes } from "node:crypto";
import { MongoClient } from "mongodb";
import { afterAll, expect, it } from "vitest";
import { createMongoStore } from "@/lib/store/mongo";
import { ARRAY_INDEXES, supportsArrayIndexes } from "@/lib/store/mongo/indexes";

const url = process.env.MONGO_URL ?? `${process.env.MONGO_URL_BASE ?? "mongodb://127.0.0.1:27017"}/chat_indexes_${randomBytes(4).toString("hex")}`;
const client = new MongoClient(url, { serverSelectionTimeoutMS: 5_000 });
afterAll(async () => {
  if (!process.env.MONGO_URL) await client.db().dropDatabase().catch(() => {});
  await client.close();
});

it("indexes over arrays exist where the server makes them multikey, and an older version's are dropped where it cannot", async () => {
  await client.connect();
  const entries = client.db().collection("entries");
  await entries.createIndex({ joins: 1 }, { name: "joins" }); // as versions before this one did
  const store = createMongoStore(url);
  await store.init();
  await store.close();
  const names = (await entries.listIndexes().toArray()).map((i) => i.name as string);
  const multikey = await supportsArrayIndexes(client.db());
  const info = await client.db().admin().command({ buildInfo: 1 });
  expect(multikey).toBe(!("ferretdbVersion" in info));
  for (const name of ARRAY_INDEXES) expect(names.includes(name)).toBe(multikey);
  expect(names).toContain("conversation_seq_unique");
});
