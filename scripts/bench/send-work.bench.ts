import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { it } from "vitest";
import { sessionOf } from "@/lib/auth/session-user";
import type { ChatDeps } from "@/lib/chat/deps";
import { sendMessage } from "@/lib/chat/messages";
import { LocalEventBus } from "@/lib/realtime/local-bus";
import { guardStore } from "@/lib/store/guarded-store";
import { createSqliteStore } from "@/lib/store/sqlite";
import { classifySqliteError } from "@/lib/store/sqlite/faults";

/**
 * A send's own work without HTTP or the framework: the session check and the send use case
 * (membership, append, publish) on a real SQLite file, the guarded store as the server builds it.
 * The gap between this and the HTTP figure of `npm run bench` is what Next.js and Node's HTTP
 * cost per request. Yields to timers every 10 sends so the search index's batches run (and are
 * counted in the CPU total) as they would in the server.
 *   npx vitest run --config scripts/bench/vitest.config.mts send-work
 */
const N = Number(process.env.BENCH_SENDS ?? 20_000);
const WARM = N / 10;

it(`session check + send × ${N}`, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "send-work-"));
  const store = guardStore(createSqliteStore(`file:${path.join(dir, "chat.db")}`), { classify: classifySqliteError, busyTimeoutMs: 5000 });
  await store.init();
  const users = [];
  for (let i = 0; i < 200; i++) users.push(await store.createUser({ username: `u${i}`, displayName: `U ${i}`, passwordHash: "x" }));
  const rooms = [];
  for (let r = 0; r < 20; r++) {
    const memberIds = users.slice(r * 10 + 1, r * 10 + 10).map((u) => u.id);
    rooms.push((await store.createGroupConversation({ creatorId: users[r * 10].id, name: `room ${r}`, memberIds })).conversation);
  }
  const expiresAt = new Date(Date.now() + 3600e3).toISOString();
  const sessions = await Promise.all(users.map((u) => store.createSession({ userId: u.id, expiresAt })));
  const deps = { store, bus: new LocalEventBus() } as unknown as ChatDeps;
  const t = { session: 0, send: 0 };
  let cpu = process.cpuUsage();
  for (let i = 0; i < N; i++) {
    if (i === WARM) cpu = process.cpuUsage();
    const k = (i % rooms.length) * 10 + (i % 10);
    const a = performance.now();
    const s = await sessionOf(deps, { id: users[k].id, sid: sessions[k].id });
    const b = performance.now();
    await sendMessage(deps, s!.user.id, rooms[i % rooms.length].id, { text: `message ${i} hello world`, clientId: `c${i}` });
    if (i >= WARM) {
      t.session += b - a;
      t.send += performance.now() - b;
    }
    if (i % 10 === 9) await new Promise((r) => setTimeout(r, 0));
  }
  const used = process.cpuUsage(cpu);
  const n = N - WARM;
  const us = (ms: number) => ((1000 * ms) / n).toFixed(0);
  console.log(
    `per send (load ${os.loadavg()[0].toFixed(1)}): session check ${us(t.session)} µs, send use case ${us(t.send)} µs; ` +
      `process CPU ${us((used.user + used.system) / 1000)} µs per send (search index batches included)`,
  );
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
