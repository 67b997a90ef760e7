import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { it } from "vitest";
import { createSqliteStore } from "@/lib/store/sqlite";

/**
 * How long one send's store transaction holds the event loop, and how often a commit stalls it
 * (better-sqlite3 is synchronous: a commit that checkpoints the WAL — fsync, pages copied back into
 * the database file — runs on the event loop). 3,000 appends to rooms of 10, one at a time.
 *   npx vitest run --config scripts/bench/vitest.config.mts commit-stalls
 */
const N = Number(process.env.BENCH_APPENDS ?? 3000);

it(`appendMessage × ${N}: time per call`, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "commit-stalls-"));
  const store = createSqliteStore(`file:${path.join(dir, "chat.db")}`);
  await store.init();
  const users = [];
  for (let i = 0; i < 100; i++) users.push(await store.createUser({ username: `u${i}`, displayName: `U ${i}`, passwordHash: "x" }));
  const rooms = [];
  for (let r = 0; r < 10; r++) {
    const { conversation } = await store.createGroupConversation({ creatorId: users[r * 10].id, name: `room ${r}`, memberIds: users.slice(r * 10 + 1, r * 10 + 10).map((u) => u.id) });
    rooms.push(conversation);
  }
  const times: number[] = [];
  const slowCpu: number[] = [];
  for (let i = 0; i < N; i++) {
    const room = rooms[i % rooms.length];
    const t = performance.now();
    const cpu = process.cpuUsage();
    await store.appendMessage({ conversationId: room.id, senderId: room.members[i % 10].userId, text: `message ${i} `.repeat(4), clientId: `c${i}` });
    const wall = performance.now() - t;
    times.push(wall);
    if (wall >= 5) {
      const c = process.cpuUsage(cpu);
      slowCpu.push((c.user + c.system) / 1000);
    }
  }
  await store.close();
  const walBytes = fs.existsSync(path.join(dir, "chat.db-wal")) ? fs.statSync(path.join(dir, "chat.db-wal")).size : 0;
  fs.rmSync(dir, { recursive: true, force: true });
  const s = [...times].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))].toFixed(2);
  const total = times.reduce((a, b) => a + b, 0);
  const over = (ms: number) => times.filter((t) => t >= ms);
  console.log(
    `appendMessage × ${N} (load ${os.loadavg()[0].toFixed(1)}): mean ${(total / N).toFixed(2)} ms, p50 ${q(0.5)}, p99 ${q(0.99)}, max ${s.at(-1)!.toFixed(1)} ms; ` +
      `calls ≥ 5 ms: ${over(5).length} holding ${((over(5).reduce((a, b) => a + b, 0) / total) * 100).toFixed(0)} % of the time; WAL at close ${walBytes} bytes; CPU time of the calls ≥ 5 ms: ${(slowCpu.reduce((a, b) => a + b, 0) / Math.max(1, slowCpu.length)).toFixed(2)} ms mean (the rest of their wall time: waiting for the disk or for a core)`,
  );
});
