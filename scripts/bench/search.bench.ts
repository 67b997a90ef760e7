import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { MongoClient } from "mongodb";
import { afterAll, it } from "vitest";
import { indexTerms, queryTerms } from "@/lib/chat/search-terms";
import type { ChatStore } from "@/lib/store/chat-store";
import { createMongoStore } from "@/lib/store/mongo";
import { SqliteChatStore } from "@/lib/store/sqlite";

/**
 * Search latency over a large message set, through the store port (what GET /api/search calls):
 *  - SQLite (FTS5): BENCH_SEARCH_MESSAGES (default 1,000,000) messages in 1,000 conversations, the
 *    searcher a member of 100 of them.
 *  - the Mongo adapter on the local FerretDB: each size in BENCH_SEARCH_MONGO (default
 *    "20000,100000") messages in 100 conversations, all searched. FerretDB v1 has no text index
 *    and scans; real MongoDB would serve the same query from the multikey index fts_terms_at.
 * Words follow a skewed distribution over a 5,000-word vocabulary, plus marker words of known
 * frequency: "zyrare" (10 messages), "zymid" (1 in 1,000), "zycommon" (1 in 10). Messages are
 * bulk-inserted (SQLite: the FTS triggers still index each one; Mongo: entries as the adapter
 * writes them). BENCH_SEARCH_RUNS (default 25) runs per query; 5 for Mongo sizes over 20,000.
 *   npx vitest run --config scripts/bench/vitest.config.mts search
 *   BENCH_SEARCH_ONLY=sqlite|mongo picks one.
 */
const N = Number(process.env.BENCH_SEARCH_MESSAGES ?? 1_000_000);
const MONGO_SIZES = (process.env.BENCH_SEARCH_MONGO ?? "20000,100000").split(",").map(Number).filter((n) => n > 0);
const ONLY = process.env.BENCH_SEARCH_ONLY;
const CONVERSATIONS = 1000;
const MINE = 100;
const RUNS = Number(process.env.BENCH_SEARCH_RUNS ?? 25);
const HOUR = 3_600_000;
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

const vocab = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}x`);
let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
function text(i: number, n: number) {
  const ws = Array.from({ length: 6 + Math.floor(rnd() * 10) }, () => vocab[Math.floor(vocab.length * rnd() ** 3)]);
  if (i % 10 === 0) ws.push("zycommon");
  if (i % 1000 === 7) ws.push("zymid");
  if (i % Math.floor(n / 10) === 3) ws.push("zyrare");
  return ws.join(" ");
}

const QUERIES: [string, string][] = [
  ["rare word (10 hits)", "zyrare"],
  ["1-in-1,000 word", "zymid"],
  ["1-in-10 word", "zycommon"],
  ["frequent vocabulary word", vocab[0]],
  ["prefix of a frequent word", vocab[0].slice(0, 2)],
  ["two words", `zycommon ${vocab[1]}`],
  ["no hit", "zznothing"],
];

async function measure(label: string, store: ChatStore, conversationIds: string[], runs = RUNS) {
  console.log(`\n${label} — ${runs} runs per query, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} on ${os.cpus().length} cores`);
  console.log("query | results (page of 20) | p50 ms | p95 ms | max ms");
  const cases: [string, string, string[]][] = [
    ...QUERIES.map(([name, q]): [string, string, string[]] => [name, q, conversationIds]),
    ["one conversation, 1-in-10 word", "zycommon", [conversationIds[0]]],
  ];
  for (const [name, q, ids] of cases) {
    const times: number[] = [];
    let hits = 0;
    let more = false;
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      const page = await store.searchMessages({ conversationIds: ids, terms: queryTerms(q), limit: 20 });
      times.push(performance.now() - t0);
      hits = page.messages.length;
      more = page.nextCursor !== null;
    }
    times.sort((a, b) => a - b);
    const p = (x: number) => times[Math.min(times.length - 1, Math.floor(times.length * x))].toFixed(1);
    console.log(`${name} | ${hits}${more ? "+" : ""} | ${p(0.5)} | ${p(0.95)} | ${times.at(-1)!.toFixed(1)}`);
  }
}

it.runIf(ONLY !== "mongo")(`SQLite FTS5: ${N.toLocaleString("en")} messages`, { timeout: HOUR }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "search-bench-"));
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, "chat.db");
  const store = new SqliteChatStore(`file:${file}`);
  await store.init();
  cleanups.push(() => store.close());
  const me = await store.createUser({ username: "bench", displayName: "Bench", passwordHash: "x" });
  const other = await store.createUser({ username: "other", displayName: "Other", passwordHash: "x" });
  const ids: string[] = [];
  for (let c = 0; c < CONVERSATIONS; c++) {
    const creator = c < MINE ? me.id : other.id;
    ids.push((await store.createGroupConversation({ name: `c${c}`, creatorId: creator, memberIds: [] })).conversation.id);
  }
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const insert = db.prepare(
    `INSERT INTO messages (id, conversation_id, seq, sender_id, text, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const seqs = new Map<string, number>(ids.map((id) => [id, 1]));
  const t0 = performance.now();
  const base = Date.now() - N * 1000;
  for (let start = 0; start < N; start += 50_000) {
    db.transaction(() => {
      for (let i = start; i < Math.min(N, start + 50_000); i++) {
        const conv = ids[i % CONVERSATIONS];
        const seq = seqs.get(conv)! + 1;
        seqs.set(conv, seq);
        insert.run(randomBytes(12).toString("base64url"), conv, seq, other.id, text(i, N), new Date(base + i * 1000).toISOString());
      }
    })();
  }
  const setSeq = db.prepare(`UPDATE conversations SET last_seq = ? WHERE id = ?`);
  db.transaction(() => seqs.forEach((seq, id) => setSeq.run(seq, id)))();
  db.close();
  const size = fs.statSync(file).size + (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0);
  console.log(`inserted ${N.toLocaleString("en")} messages (FTS indexed by trigger) in ${((performance.now() - t0) / 1000).toFixed(1)} s; database ${(size / 2 ** 20).toFixed(0)} MiB`);
  // The first queries after a bulk load read pages from disk; the figures are for a warm cache.
  await store.searchMessages({ conversationIds: ids.slice(0, MINE), terms: ["zycommon"], limit: 20 });
  await measure(`SQLite FTS5, ${N.toLocaleString("en")} messages, member of ${MINE}/${CONVERSATIONS} conversations`, store, ids.slice(0, MINE));
});

for (const NM of MONGO_SIZES) {
it.runIf(ONLY !== "sqlite")(`Mongo adapter on FerretDB: ${NM.toLocaleString("en")} messages`, { timeout: HOUR }, async () => {
  const url = process.env.MONGO_URL ?? `mongodb://127.0.0.1:27017/chat_search_bench_${randomBytes(4).toString("hex")}`;
  const store = createMongoStore(url);
  await store.init();
  const client = new MongoClient(url);
  await client.connect();
  cleanups.push(async () => {
    await store.close();
    if (!process.env.MONGO_URL) await client.db().dropDatabase().catch(() => {});
    await client.close();
  });
  const me = await store.createUser({ username: "bench", displayName: "Bench", passwordHash: "x" });
  const ids: string[] = [];
  for (let c = 0; c < 100; c++) ids.push((await store.createGroupConversation({ name: `c${c}`, creatorId: me.id, memberIds: [] })).conversation.id);
  const entries = client.db().collection("entries");
  const t0 = performance.now();
  const base = Date.now() - NM * 1000;
  const seqs = new Map<string, number>(ids.map((id) => [id, 1]));
  for (let start = 0; start < NM; start += 1000) {
    const docs = [];
    for (let i = start; i < Math.min(NM, start + 1000); i++) {
      const conv = ids[i % ids.length];
      const seq = seqs.get(conv)! + 1;
      seqs.set(conv, seq);
      const at = new Date(base + i * 1000).toISOString();
      const _id = randomBytes(12).toString("base64url");
      const t = text(i, NM);
      docs.push({ _id, conversationId: conv, seq, type: "message.created", at, senderId: me.id, text: t, clientId: null, deletedAt: null, fts: { terms: indexTerms(t), at, id: _id } });
    }
    await entries.insertMany(docs as never[]);
  }
  console.log(`inserted ${NM.toLocaleString("en")} entries in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await measure(`Mongo adapter on FerretDB 1.24, ${NM.toLocaleString("en")} messages in ${ids.length} conversations (all searched)`, store, ids, NM > 20_000 ? Math.min(RUNS, 5) : RUNS);
});
}
