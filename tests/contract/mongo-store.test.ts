import { randomBytes } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { MongoClient } from "mongodb";
import { createMongoStore } from "@/lib/store/mongo";
import { changesContract } from "./changes.contract";
import { unreadCountsContract } from "./unread-counts.contract";
import { chatStoreContract } from "./chat-store.contract";
import { sessionsContract } from "./sessions.contract";
import { messageAttachmentsContract } from "./message-attachments.contract";
import { messageExtrasContract } from "./message-extras.contract";

/**
 * The store contract against a real MongoDB-wire server: MONGO_URL, or FerretDB on
 * 127.0.0.1:27017 with a fresh database per run (dropped afterwards). A missing server fails the
 * run with instructions; it is never a skip.
 */
const url = process.env.MONGO_URL ?? `${process.env.MONGO_URL_BASE ?? "mongodb://127.0.0.1:27017"}/chat_contract_${randomBytes(4).toString("hex")}`;
const ownDatabase = !process.env.MONGO_URL;

async function withClient<T>(work: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5_000 });
  try {
    await client.connect();
    return await work(client);
  } finally {
    await client.close();
  }
}

beforeAll(async () => {
  try {
    await withClient((c) => c.db().command({ ping: 1 }));
  } catch (err) {
    throw new Error(
      `MongoDB-compatible server not reachable at ${url.replace(/\/\/[^@/]*@/, "//***@")} (${(err as Error).message}). ` +
        "Start FerretDB with scripts/services/ferretdb-start.sh (or npm run services:start), or set MONGO_URL.",
    );
  }
});

afterAll(async () => {
  if (ownDatabase) await withClient((c) => c.db().dropDatabase()).catch(() => {});
});

chatStoreContract("mongo", async () => createMongoStore(url), { makeSecondStore: async () => createMongoStore(url) });
messageAttachmentsContract("mongo", async () => createMongoStore(url));
messageExtrasContract("mongo", async () => createMongoStore(url));
sessionsContract("mongo", async () => createMongoStore(url));
changesContract("mongo", async () => createMongoStore(url));
unreadCountsContract("mongo", async () => createMongoStore(url), (store, { conversationId, senderId, mentioned, count }) =>
  withClient(async (client) => {
    const { message } = await store.appendMessage({ conversationId, senderId, text: "@someone 0", mentions: [mentioned] });
    const entries = client.db().collection<{ _id: string; seq: number; text?: string }>("entries");
    const first = (await entries.findOne({ _id: message.id }))!;
    const copies = Array.from({ length: count - 1 }, (_, i) => ({ ...first, _id: `${first._id}-${i + 1}`, seq: first.seq + i + 1, text: `@someone ${i + 1}` }));
    await entries.insertMany(copies);
    return [first.seq, ...copies.map((c) => c.seq)];
  }),
);
