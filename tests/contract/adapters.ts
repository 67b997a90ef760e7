import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe } from "vitest";
import type { ChatStore } from "@/lib/store/chat-store";
import { createMongoStore } from "@/lib/store/mongo";
import { SqliteChatStore } from "@/lib/store/sqlite";

/**
 * Runs a feature's store contract against every adapter: a real SQLite file and the Mongo
 * adapter on a real MongoDB-wire server (MONGO_URL, or FerretDB on 127.0.0.1:27017, with a fresh
 * database dropped afterwards). A missing server fails the run; it is never a skip.
 */
export function forEachAdapter(feature: string, body: (store: () => ChatStore) => void) {
  forEachAdapterWith(feature, 1, (stores) => body(() => stores()[0]));
}

/**
 * The same with two stores on one database, as two app instances (or processes) open it: for
 * what one instance must see of the other's writes, and races between them.
 */
export function forEachAdapterPair(feature: string, body: (stores: () => [ChatStore, ChatStore]) => void) {
  forEachAdapterWith(feature, 2, (stores) => body(() => [stores()[0], stores()[1]]));
}

function forEachAdapterWith(feature: string, count: number, body: (stores: () => ChatStore[]) => void) {
  describe.each(["sqlite", "mongo"] as const)(`${feature}: %s`, (kind) => {
    let stores: ChatStore[] = [];
    let cleanup = async () => {};
    beforeAll(async () => {
      let open: () => ChatStore;
      if (kind === "sqlite") {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chat-contract-"));
        open = () => new SqliteChatStore(`file:${path.join(dir, "chat.db")}`);
        cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
      } else {
        const url = process.env.MONGO_URL ?? `${process.env.MONGO_URL_BASE ?? "mongodb://127.0.0.1:27017"}/chat_${feature.replace(/\W/g, "_")}_${randomBytes(4).toString("hex")}`;
        const client = new MongoClient(url, { serverSelectionTimeoutMS: 5_000 });
        try {
          await client.connect();
          await client.db().command({ ping: 1 });
        } catch (err) {
          throw new Error(`MongoDB-compatible server not reachable at ${url} (${(err as Error).message}). Start FerretDB: npm run services:start`);
        }
        open = () => createMongoStore(url);
        cleanup = async () => {
          if (!process.env.MONGO_URL) await client.db().dropDatabase().catch(() => {});
          await client.close();
        };
      }
      stores = Array.from({ length: count }, open);
      for (const store of stores) await store.init(); // one after another: the first makes the schema
    });
    afterAll(async () => {
      for (const store of stores) await store.close();
      await cleanup();
    });
    body(() => stores);
  });
}

export const tag = () => randomBytes(6).toString("hex");

export const newUser = (store: ChatStore, displayName = "Test User") =>
  store.createUser({ username: `t${tag()}`, displayName, passwordHash: "not-a-real-hash" });
