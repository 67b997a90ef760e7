import Database from "better-sqlite3";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryTerms } from "@/lib/chat/search-terms";
import { SqliteChatStore } from "@/lib/store/sqlite";
import { newUser, tag } from "./adapters";

/**
 * The SQLite search index is filled in batches after the sends (lib/store/sqlite/search-index.ts):
 * a send only queues its message. What the batches must never change: a search sees every
 * committed message with its current text, and a deleted message's words never reach the index.
 * `raw` reads the FTS5 index itself (not through the store, which would catch up first).
 */
describe("SQLite search index, deferred", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chat-fts-"));
  const file = path.join(dir, "chat.db");
  let store: SqliteChatStore;
  let raw: Database.Database;
  const indexed = (word: string) => raw.prepare(`SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?`).all(`"${word}"`).length;
  const queued = () => (raw.prepare(`SELECT COUNT(*) AS n FROM messages_fts_pending`).get() as { n: number }).n;
  const search = (s: SqliteChatStore, conversationId: string, q: string) =>
    s.searchMessages({ conversationIds: [conversationId], terms: queryTerms(q), limit: 20 }).then((r) => r.messages.map((m) => m.text));

  beforeAll(async () => {
    store = new SqliteChatStore(`file:${file}`);
    await store.init();
    raw = new Database(file);
  });
  afterAll(async () => {
    raw.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function group() {
    const a = await newUser(store);
    const { conversation } = await store.createGroupConversation({ name: "fts", creatorId: a.id, memberIds: [] });
    return { a, c: conversation };
  }

  it("queues a sent message and indexes it before a search, which therefore finds it at once", async () => {
    const { a, c } = await group();
    const word = `w${tag()}`;
    await store.appendMessage({ conversationId: c.id, senderId: a.id, text: `hello ${word}` });
    expect(indexed(word)).toBe(0);
    expect(queued()).toBeGreaterThan(0);
    expect(await search(store, c.id, word)).toEqual([`hello ${word}`]);
    expect(indexed(word)).toBe(1);
    expect(queued()).toBe(0);
  });

  it("indexes a message edited while queued by its new text only", async () => {
    const { a, c } = await group();
    const [before, after] = [`b${tag()}`, `a${tag()}`];
    const { message } = await store.appendMessage({ conversationId: c.id, senderId: a.id, text: before });
    await store.editMessage({ messageId: message.id, text: after });
    expect(await search(store, c.id, before)).toEqual([]);
    expect(await search(store, c.id, after)).toEqual([after]);
    expect([indexed(before), indexed(after)]).toEqual([0, 1]);
  });

  it("never lets the words of a message deleted while queued into the index", async () => {
    const { a, c } = await group();
    const word = `d${tag()}`;
    const { message } = await store.appendMessage({ conversationId: c.id, senderId: a.id, text: word });
    await store.deleteMessage({ messageId: message.id });
    expect(await search(store, c.id, word)).toEqual([]);
    expect(indexed(word)).toBe(0);
    expect(queued()).toBe(0);
  });

  it("keeps an indexed message in step with its edits and deletion", async () => {
    const { a, c } = await group();
    const [first, second] = [`f${tag()}`, `s${tag()}`];
    const { message } = await store.appendMessage({ conversationId: c.id, senderId: a.id, text: first });
    await search(store, c.id, first); // indexed now
    await store.editMessage({ messageId: message.id, text: second });
    expect([indexed(first), indexed(second)]).toEqual([0, 1]);
    await store.deleteMessage({ messageId: message.id });
    expect(indexed(second)).toBe(0);
  });

  it("indexes queued messages by itself shortly after the sends, without a search", async () => {
    const { a, c } = await group();
    const word = `t${tag()}`;
    for (let i = 0; i < 450; i++) await store.appendMessage({ conversationId: c.id, senderId: a.id, text: `${word} ${i}` });
    await expect.poll(() => indexed(word), { timeout: 15_000 }).toBe(450);
    expect(queued()).toBe(0);
  });

  it("indexes at the next start what was still queued when the process stopped", async () => {
    const { a, c } = await group();
    const word = `r${tag()}`;
    await store.appendMessage({ conversationId: c.id, senderId: a.id, text: word });
    await store.close(); // before the batch ran
    expect(indexed(word)).toBe(0);
    store = new SqliteChatStore(`file:${file}`);
    await store.init();
    await expect.poll(() => indexed(word), { timeout: 15_000 }).toBe(1);
  });

  it("answers a search while another process holds the write lock, and indexes once it is released", async () => {
    const { a, c } = await group();
    const [old, fresh] = [`o${tag()}`, `n${tag()}`];
    await store.appendMessage({ conversationId: c.id, senderId: a.id, text: old });
    await search(store, c.id, old);
    await store.appendMessage({ conversationId: c.id, senderId: a.id, text: fresh });
    const other = new Database(file);
    other.prepare("BEGIN IMMEDIATE").run();
    try {
      expect(await search(store, c.id, old)).toEqual([old]); // answered from the index as it is
      expect(indexed(fresh)).toBe(0);
    } finally {
      other.prepare("COMMIT").run();
      other.close();
    }
    await expect.poll(() => indexed(fresh), { timeout: 15_000 }).toBe(1);
  });
});
