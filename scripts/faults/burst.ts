import fs from "node:fs";
import path from "node:path";
import type { ApiClient } from "../../tests/helpers/api-client";
import { ROOT } from "../../tests/helpers/app-server";
import { ResumingListener, sendUntilAcknowledged } from "../../tests/helpers/listener";

export interface BurstResult {
  scenario: string;
  messages: number;
  /** Sends answered 201/200 (after retries: the client follows the retry contract). */
  acknowledged: number;
  /** Attempts with an unknown outcome (5xx, reset, refused) that a retry then settled. */
  unknownOutcomes: number;
  /** Of those, how many had in fact been committed (the retry answered 200 with the original). */
  committedAnyway: number;
  /** Acknowledged messages found in the history afterwards, and extra rows (duplicates). */
  persisted: number;
  duplicatedInStore: number;
  /** Per listener: acknowledged messages received live or on resume, and repeated seqs. */
  delivered: number[];
  deliveredDuplicates: number[];
  reconnects: number[];
  statuses: Record<string, number>;
  seconds: number;
}

/**
 * N messages from `senders` (round robin, 4 in flight), each sent by the retry contract until
 * acknowledged, while `listeners` follow the stream and `fault` does its damage given the
 * count acknowledged so far. Then counts what the store holds and what each listener got.
 */
export async function burst(opts: {
  scenario: string;
  senders: ApiClient[];
  reader: ApiClient;
  listeners: ResumingListener[];
  conversationId: string;
  n: number;
  fault: (acked: () => number) => Promise<void>;
}): Promise<BurstResult> {
  const started = Date.now();
  await Promise.all(opts.listeners.map((l) => l.ready));
  const statuses: Record<string, number> = {};
  let acked = 0;
  const run = Math.random().toString(36).slice(2, 8);
  const tracks = new Map<string, number[]>();
  const damage = opts.fault(() => acked);
  const sent = await Promise.all(
    Array.from({ length: 4 }, async (_, w) => {
      const out = [];
      for (let i = w; i < opts.n; i += 4) {
        const clientId = `${run}-${i}`;
        const seen: number[] = [];
        tracks.set(clientId, seen);
        const sender = opts.senders[i % opts.senders.length];
        out.push(
          await sendUntilAcknowledged(sender, opts.conversationId, `${opts.scenario} ${i}`, clientId, (status, code) => {
            seen.push(status);
            const key = code ? `${status} ${code}` : status === 0 ? "connection error" : String(status);
            statuses[key] = (statuses[key] ?? 0) + 1;
          }),
        );
        acked++;
      }
      return out;
    }),
  ).then((r) => r.flat());
  await damage;

  const history = new Map<string, number>();
  for (let before: number | null = null; ; ) {
    const page: { messages: { clientId: string | null }[]; nextCursor: number | null } = (
      await opts.reader.get(`/api/conversations/${opts.conversationId}/messages?limit=100${before ? `&before=${before}` : ""}`)
    ).body;
    for (const m of page.messages) if (m.clientId?.startsWith(`${run}-`)) history.set(m.clientId, (history.get(m.clientId) ?? 0) + 1);
    if (!(before = page.nextCursor)) break;
  }
  const ids = sent.map((m) => m.id);
  await Promise.all(opts.listeners.map((l) => l.waitForAll(ids, 60_000).catch(() => {})));
  await Promise.all(opts.listeners.map((l) => l.stop()));

  let unknown = 0;
  let committedAnyway = 0;
  for (const attempts of tracks.values()) {
    const failed = attempts.filter((s) => s === 0 || s >= 500).length;
    unknown += failed;
    if (failed > 0 && attempts[attempts.length - 1] === 200) committedAnyway++;
  }
  const result: BurstResult = {
    scenario: opts.scenario,
    messages: opts.n,
    acknowledged: sent.length,
    unknownOutcomes: unknown,
    committedAnyway,
    persisted: sent.filter((m) => history.has(m.clientId)).length,
    duplicatedInStore: [...history.values()].reduce((a, c) => a + c - 1, 0),
    delivered: opts.listeners.map((l) => ids.filter((id) => l.received.has(id)).length),
    deliveredDuplicates: opts.listeners.map((l) => l.duplicates),
    reconnects: opts.listeners.map((l) => l.reconnects),
    statuses,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
  record(result);
  return result;
}

const results: BurstResult[] = [];

function record(r: BurstResult) {
  results.push(r);
  const line =
    `[faults] ${r.scenario}: ${r.messages} messages, acknowledged ${r.acknowledged}, persisted ${r.persisted}` +
    ` (duplicates ${r.duplicatedInStore}), delivered ${r.delivered.join("/")} (repeated seqs ${r.deliveredDuplicates.join("/")},` +
    ` reconnects ${r.reconnects.join("/")}); unknown outcomes ${r.unknownOutcomes}, of which committed anyway ${r.committedAnyway};` +
    ` answers ${JSON.stringify(r.statuses)}; ${r.seconds} s`;
  console.log(line);
  const out = path.join(ROOT, "test-results/faults");
  fs.mkdirSync(out, { recursive: true });
  fs.appendFileSync(path.join(out, "results.jsonl"), JSON.stringify({ at: new Date().toISOString(), ...r }) + "\n");
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until(check: () => boolean, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("fault trigger never reached");
    await sleep(20);
  }
}
