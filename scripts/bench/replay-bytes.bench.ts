import { randomBytes } from "node:crypto";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { afterAll, it } from "vitest";
import { addMember, createConversation } from "@/lib/chat/conversations";
import type { ChatDeps } from "@/lib/chat/deps";
import { LocalEventBus } from "@/lib/realtime/local-bus";
import { createSqliteStore } from "@/lib/store/sqlite";
import { startApp, tempDir, type AppHandle } from "../../tests/helpers/app-server";

/**
 * Issue 13 #11: how many bytes a resume from the start of a group's history replays, for a 25-
 * and a 1,000-member group built the way people build them (one `member.added` per person, as
 * the API does; written straight through the use cases to skip the per-user rate limit), then
 * resumed over real HTTP against `next start`. Before the fix each member.added carried the
 * whole member list: ~140 KB at 25 members, ~160 MB at 992 (the figures).
 *
 *   npx next build && npx vitest run --config scripts/bench/vitest.config.mts replay
 */
const SECRET = randomBytes(32).toString("base64url");
const apps: AppHandle[] = [];
afterAll(async () => Promise.all(apps.map((a) => a.stop())));

async function build(members: number) {
  const dir = tempDir("replay-bench-");
  const store = createSqliteStore(`file:${path.join(dir, "chat.db")}`);
  await store.init();
  const deps = { store, bus: new LocalEventBus() } as unknown as ChatDeps;
  const people = [];
  for (let i = 0; i < members; i++) people.push(await store.createUser({ username: `replay${i}`, displayName: `Replay person ${i}`, passwordHash: "not-a-hash" }));
  const admin = people[0];
  const { conversation } = await createConversation(deps, admin.id, { type: "group", name: `Group of ${members}` });
  for (const p of people.slice(1)) await addMember(deps, admin.id, conversation.id, { userId: p.id });
  const session = await store.createSession({ userId: admin.id, expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
  await store.close();
  const token = await encode({ token: { sub: admin.id, id: admin.id, sid: session.id, username: admin.username, name: admin.displayName }, secret: SECRET });
  return { dir, conversationId: conversation.id, cookie: `next-auth.session-token=${token}` };
}

/** Bytes of the resumed stream up to its `ready` frame, and which frames came. */
async function resume(app: AppHandle, cookie: string, cursor: string) {
  const t0 = performance.now();
  const res = await fetch(`${app.baseUrl}/api/stream`, { headers: { cookie, "last-event-id": cursor } });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let bytes = 0;
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    text += decoder.decode(value, { stream: true });
    if (/event: ready\n/.test(text)) break;
  }
  await reader.cancel();
  const events = [...text.matchAll(/^event: (.+)$/gm)].map((m) => m[1]);
  const largest = Math.max(0, ...text.split("\n\n").map((f) => f.length));
  return { status: res.status, bytes, ms: performance.now() - t0, events, largest, membersInFrames: (text.match(/"members"/g) ?? []).length };
}

it("replay bytes of a resume from the start, 25- and 1,000-member groups", async () => {
  for (const members of [25, 1000]) {
    const t0 = performance.now();
    const g = await build(members);
    const buildMs = performance.now() - t0;
    const app = await startApp({ name: `replay-${members}`, dataDir: g.dir, env: { NEXTAUTH_SECRET: SECRET } });
    apps.push(app);
    const r = await resume(app, g.cookie, `v1:${g.conversationId}.0`);
    const counts = r.events.reduce<Record<string, number>>((acc, e) => ({ ...acc, [e]: (acc[e] ?? 0) + 1 }), {});
    console.log(
      `[replay] ${members} members (built in ${(buildMs / 1000).toFixed(1)} s): status ${r.status}, ${r.bytes} bytes up to ready ` +
        `(${(r.bytes / 1024).toFixed(1)} KiB) in ${r.ms.toFixed(0)} ms; largest frame ${r.largest} bytes; frames with a member list: ${r.membersInFrames}; events ${JSON.stringify(counts)}`,
    );
    await app.stop();
  }
});
