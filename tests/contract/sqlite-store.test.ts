import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { SqliteChatStore } from "@/lib/store/sqlite";
import { changesContract } from "./changes.contract";
import { unreadCountsContract } from "./unread-counts.contract";
import { chatStoreContract } from "./chat-store.contract";
import { sessionsContract } from "./sessions.contract";
import { messageAttachmentsContract } from "./message-attachments.contract";
import { messageExtrasContract } from "./message-extras.contract";

// A real SQLite file (WAL), and a second connection to the same file as a second process would open.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chat-contract-"));
const url = `file:${path.join(dir, "chat.db")}`;

chatStoreContract("SQLite", async () => new SqliteChatStore(url), {
  makeSecondStore: async () => new SqliteChatStore(url),
});
messageExtrasContract("SQLite", async () => new SqliteChatStore(url));

messageAttachmentsContract("SQLite", async () => new SqliteChatStore(url));
changesContract("SQLite", async () => new SqliteChatStore(url));
unreadCountsContract("SQLite", async () => new SqliteChatStore(url));

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
sessionsContract("SQLite", async () => new SqliteChatStore(url));
