import Database from "better-sqlite3";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { MongoClient } from "mongodb";
import { afterAll, it } from "vitest";
import type { ChatStore } from "@/lib/store/chat-store";
import { createMongoStore } from "@/lib/store/mongo";
import { createSqliteStore } from "@/lib/store/sqlite";
import { seedMemberOfMany } from "./list-seed";

/**
 * Issue 8, goal 5: server time of a 50-message history page in a long conversation (the newest
 * page and one deep in the past) and of the conversation list of a member of 500 conversations,
 * in both adapters. Figures only:
 *   npx vitest run --config scripts/bench/vitest.config.mts history
 * BENCH_SQLITE_MESSAGES (default 1,000,000), BENCH_MONGO_MESSAGES (default 2,000: FerretDB 1.x
 * reads and sorts a conversation's whole log per page, ~0.5 ms per entry, see docs/benchmarks.md),
 * BENCH_CONVERSATIONS (default 500). BENCH_KEEP=1 keeps the SQLite file.
 */
const SQLITE_N = Number(process.env.BENCH_SQLITE_MESSAGES ?? 1_000_000);
const MONGO_N = Number(process.env.BENCH_MONGO_MESSAGES ?? 2_000);
const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 500);
const RUNS = 200;
const BUDGET_MS = 30_000;
const mongoUrl = process.env.MONGO_URL ?? `mongodb://127.0.0.1:27017/chat_bench_${randomBytes(4).toString("hex")}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chat-history-bench-"));
const stores: ChatStore[] = [];

/**
 * RUNS timings, or fewer once BUDGET_MS has passed (FerretDB answers some of these in seconds).
 * Also this process's CPU time per call: on a machine shared with other work it shows the cost
 * without the waits for a core (for SQLite it is all of the server time; for Mongo only the
 * adapter's side, not the database's).
 */
async function timed(label: string, fn: () => Promise<unknown>) {
  let t = performance.now();
  await fn(); // warm caches and compiled statements
  const slow = performance.now() - t > BUDGET_MS / 10; // FerretDB: a few runs are all the budget allows
  if (!slow) for (let i = 0; i < 2; i++) await fn();
  const ms: number[] = [];
  const cpu: number[] = [];
  const start = performance.now();
  while (ms.length < RUNS && (ms.length < (slow ? 1 : 5) || performance.now() - start < BUDGET_MS)) {
    const c = process.cpuUsage();
    t = performance.now();
    await fn();
    ms.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))].toFixed(2).padStart(8);
  console.log(
    `${label.padEnd(56)} p50 ${q(ms, 50)} ms  p99 ${q(ms, 99)} ms  CPU p50 ${q(cpu, 50)} ms  (${ms.length} runs, load ${os.loadavg()[0].toFixed(1)})`,
  );
}

async function people(store: ChatStore) {
  const tag = randomBytes(3).toString("hex");
  const mk = (n: string) => store.createUser({ username: `${n}${tag}`, displayName: n, passwordHash: "x" });
  return { alice: await mk("alice"), bob: await mk("bob") };
}

/**
 * One message appended through the adapter, then copied (new id and seq, every tenth mentioning
 * alice) up to n messages; then the list of alice, a member of that and CONVERSATIONS others.
 */
async function measure(name: string, store: ChatStore, n: number, copy: (conversationId: string, n: number, mentioned: string) => Promise<void>) {
  const { alice, bob } = await people(store);
  const { conversation } = await store.createGroupConversation({ name: "long", creatorId: alice.id, memberIds: [bob.id] });
  await store.appendMessage({ conversationId: conversation.id, senderId: bob.id, text: "the first message of a long history" });
  let t = performance.now();
  await copy(conversation.id, n, alice.id);
  console.log(`${name}: ${n.toLocaleString("en")} messages in one conversation, seeded in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  const newest = (await store.listMessages({ conversationId: conversation.id, limit: 1 }))[0];
  if (!newest || newest.seq < n) throw new Error(`${name}: seeding went wrong (newest seq ${newest?.seq})`);
  await timed(`${name}: newest 50 of ${n.toLocaleString("en")}`, () => store.listMessages({ conversationId: conversation.id, limit: 50 }));
  const mid = Math.floor(newest.seq / 2);
  await timed(`${name}: 50 before seq ${mid.toLocaleString("en")}`, () =>
    store.listMessages({ conversationId: conversation.id, beforeSeq: mid, limit: 50 }),
  );
  await timed(`${name}: membership check (findConversation)`, () => store.findConversation(conversation.id));

  t = performance.now();
  const stats = await seedMemberOfMany(store, alice, CONVERSATIONS);
  console.log(`${name}: alice's other conversations seeded in ${((performance.now() - t) / 1000).toFixed(0)} s: ${JSON.stringify(stats)}`);
  const listed = await store.listConversationsForUser(alice.id);
  const long = listed.find((c) => c.id === conversation.id);
  if (listed.length !== CONVERSATIONS + 1 || !long) throw new Error(`${name}: listed ${listed.length}`);
  console.log(`${name}: the long one lists ${long.unreadCount} unread, ${long.mentionCount} mentions; ${listed.filter((c) => c.unreadCount > 0).length} conversations with unread`);
  await timed(`${name}: conversation list of a member of ${listed.length}`, () => store.listConversationsForUser(alice.id));
}

it("SQLite: history pages in a 1,000,000-message conversation; a 500-conversation list", async () => {
  const file = path.join(dir, "chat.db");
  const store = createSqliteStore(`file:${file}`);
  await store.init();
  stores.push(store);
  await measure("sqlite", store, SQLITE_N, async (conversationId, n, mentioned) => {
    const db = new Database(file);
    db.pragma("journal_mode = WAL");
    db.transaction(() => {
      const series = `WITH RECURSIVE s(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM s WHERE i < ?)`;
      const head = db.prepare(`SELECT last_seq FROM conversations WHERE id = ?`).get(conversationId) as { last_seq: number };
      const first = db.prepare(`SELECT * FROM messages WHERE conversation_id = ? ORDER BY seq DESC LIMIT 1`).get(conversationId) as { id: string; seq: number };
      const offset = head.last_seq - 1; // seqs head+1 … head+n-1
      db.prepare(
        `${series} INSERT INTO messages (id, conversation_id, seq, sender_id, text, client_id, created_at)
         SELECT m.id || '-' || s.i, m.conversation_id, s.i + ?, m.sender_id, 'message number ' || s.i, NULL, m.created_at
         FROM s, messages m WHERE m.id = ?`,
      ).run(n, offset, first.id);
      db.prepare(
        `${series} INSERT INTO events (conversation_id, seq, type, at, message_id)
         SELECT ?, s.i + ?, 'message.created', e.at, ? || '-' || s.i FROM s, events e WHERE e.conversation_id = ? AND e.seq = ?`,
      ).run(n, conversationId, offset, first.id, conversationId, first.seq);
      db.prepare(
        `INSERT INTO mentions (message_id, user_id, conversation_id, seq, pos)
         SELECT id, ?, conversation_id, seq, 0 FROM messages WHERE conversation_id = ? AND seq > ? AND seq % 10 = 0`,
      ).run(mentioned, conversationId, head.last_seq);
      db.prepare(`UPDATE conversations SET last_seq = ? WHERE id = ?`).run(n + offset, conversationId);
      // Indexed for search here, as the app would have done over time: otherwise the store's own
      // batches (search-index.ts) index a million queued rows during the measurements.
      db.prepare(
        `INSERT INTO messages_fts(rowid, text) SELECT m.rowid, m.text FROM messages_fts_pending p
         JOIN messages m ON m.rowid = p.message_rowid WHERE m.text IS NOT NULL`,
      ).run();
      db.prepare(`DELETE FROM messages_fts_pending`).run();
    })();
    db.close();
  });
});

it("MongoDB adapter on FerretDB: the same, with as many messages as FerretDB takes in reasonable time", async () => {
  const store = createMongoStore(mongoUrl);
  await store.init();
  stores.push(store);
  const client = await new MongoClient(mongoUrl).connect();
  try {
    await measure("mongo (FerretDB)", store, MONGO_N, async (conversationId, n, mentioned) => {
      const entries = client.db().collection<{ _id: string; seq: number; type: string; text?: string }>("entries");
      const first = await entries.findOne({ conversationId, type: "message.created" });
      const head = (await entries.find({ conversationId }).sort({ seq: -1 }).limit(1).toArray())[0].seq;
      for (let from = 2; from <= n; from += 5000) {
        const batch = [];
        for (let i = from; i < Math.min(from + 5000, n + 1); i++) {
          batch.push({ ...first!, _id: `${first!._id}-${i}`, seq: head + i - 1, text: `message number ${i}`, mentions: (head + i - 1) % 10 === 0 ? [mentioned] : [] });
        }
        await entries.insertMany(batch, { ordered: false });
      }
    });
  } finally {
    await client.close();
  }
});

afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  if (!process.env.MONGO_URL) {
    const client = new MongoClient(mongoUrl);
    await client.db().dropDatabase().finally(() => client.close());
  }
  if (process.env.BENCH_KEEP) console.log(`kept ${dir}`);
  else fs.rmSync(dir, { recursive: true, force: true });
});
