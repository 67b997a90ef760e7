import { randomBytes } from "node:crypto";
import PusherJs from "pusher-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatEvent, Message } from "@/lib/chat/types";
import { PusherConnection } from "@/components/chat/live/pusher-connection";
import type { EventsPage } from "@/components/chat/live/event-sequencer";
import { ApiClient } from "../helpers/api-client";
import { startApp, type AppHandle } from "../helpers/app-server";
import { startOwnSockudo, type OwnSockudo } from "../helpers/own-sockudo";
import { MONGO_BASE } from "../helpers/services";

/**
 * The pusher realtime mode end to end: two `next start` instances on one MongoDB-wire store
 * (FerretDB), one real Sockudo, and the web client's own PusherConnection (pusher-js, gap fill
 * from GET /api/events) run in Node for each person. Sockudo is killed during a burst of sends:
 * every send still succeeds, and once it is back every client converges on the full history.
 */
const run = randomBytes(4).toString("hex");
let sockudo: OwnSockudo;
let app1: AppHandle;
let app2: AppHandle;

beforeAll(async () => {
  sockudo = await startOwnSockudo();
  const env = { ...sockudo.appEnv, DATABASE_URL: `${MONGO_BASE}/chat_pusher_${run}`, NEXTAUTH_SECRET: randomBytes(32).toString("base64url") };
  app1 = await startApp({ name: "pusher-app1", env });
  app2 = await startApp({ name: "pusher-app2", env });
});
afterAll(async () => {
  await Promise.all([app1?.stop(), app2?.stop()]);
  await sockudo?.stop();
});

/** One person's client: the web app's PusherConnection with a sink that records what it applies. */
class Person {
  readonly api: ApiClient;
  id = "";
  readonly created = new Map<string, number>();
  readonly events: ChatEvent[] = [];
  /** Presence as this client's awareness store would hold it (people not offline). */
  readonly presence = new Map<string, string>();
  readonly typing: { conversationId: string; userIds: string[] }[] = [];
  connection: "connecting" | "live" | "reconnecting" = "connecting";
  private conn?: PusherConnection;
  constructor(app: AppHandle) {
    this.api = new ApiClient(app.baseUrl);
  }
  async signUp(name: string) {
    this.id = (await this.api.signUp(`${name}-${run}`)).id;
    return this;
  }
  connect() {
    const api = this.api;
    this.conn = new PusherConnection(
      {
        setConnection: (s) => (this.connection = s),
        handleEvent: (e) => {
          this.events.push(e);
          if (e.type === "message.created") this.created.set(e.message.id, (this.created.get(e.message.id) ?? 0) + 1);
        },
        resync: () => {},
        reset: () => {},
        handleSignal: (name, data) => {
          if (name === "typing") this.typing.push(data as { conversationId: string; userIds: string[] });
          if (name !== "presence") return;
          const { full, users } = data as { full: boolean; users: Record<string, string> };
          if (full) this.presence.clear();
          for (const [id, status] of Object.entries(users)) {
            if (status === "offline") this.presence.delete(id);
            else this.presence.set(id, status);
          }
        },
      },
      { key: sockudo.key, cluster: "mt1", wsHost: sockudo.host, wsPort: sockudo.port, forceTLS: false },
      this.id,
      {
        load: async () => PusherJs,
        fetchPresence: async () => (await api.get("/api/presence")).body,
        fetchPage: async (cursor) => {
          const res = await api.get<EventsPage>(cursor ? `/api/events?cursor=${encodeURIComponent(cursor)}` : "/api/events");
          if (res.status !== 200) throw new Error(`GET /api/events answered ${res.status}`);
          return res.body;
        },
        authorize: async (socketId, channel) => {
          const res = await api.request("POST", "/api/realtime/pusher/auth", new URLSearchParams({ socket_id: socketId, channel_name: channel }).toString(), {
            "content-type": "application/x-www-form-urlencoded",
          });
          if (res.status !== 200) throw new Error(`auth answered ${res.status}`);
          return res.body;
        },
      },
    );
    this.conn.start();
  }
  stop() {
    this.conn?.stop();
  }
}

async function history(c: ApiClient, conversationId: string): Promise<Message[]> {
  const all: Message[] = [];
  let before: number | null | undefined;
  do {
    const page = (await c.get(`/api/conversations/${conversationId}/messages?limit=100${before ? `&before=${before}` : ""}`)).body;
    all.push(...page.messages.filter((m: { kind?: string }) => m.kind !== "system"));
    before = page.nextCursor;
  } while (before);
  return all;
}

describe("pusher mode: two instances, one Sockudo", () => {
  const people: Person[] = [];
  afterAll(() => people.forEach((p) => p.stop()));

  it("both instances report the pusher transport and a reachable Sockudo", async () => {
    for (const app of [app1, app2]) {
      const h = await (await fetch(`${app.baseUrl}/api/health`)).json();
      expect(h).toMatchObject({ status: "ok", transport: "pusher", store: { kind: "mongo", reachable: true }, bus: { kind: "pusher", reachable: true } });
    }
  });

  it("delivers live across instances, and after Sockudo is killed mid-burst every client converges on the full history", async () => {
    const [alice, bob, carol] = [new Person(app1), new Person(app1), new Person(app2)];
    people.push(alice, bob, carol);
    await alice.signUp("alice");
    await bob.signUp("bob");
    await carol.signUp("carol");
    for (const p of people) p.connect();
    await expect.poll(() => people.map((p) => p.connection), { timeout: 30_000 }).toEqual(["live", "live", "live"]);

    const group = (await alice.api.post("/api/conversations", { type: "group", name: "Burst", memberIds: [bob.id, carol.id] })).body.conversation;
    const first = (await carol.api.post(`/api/conversations/${group.id}/messages`, { text: "hello from app2" })).body.message;
    for (const p of people) await expect.poll(() => p.created.get(first.id), { timeout: 15_000 }).toBe(1);

    const statuses: number[] = [];
    const send = async (p: Person, i: number) => {
      const res = await p.api.post(`/api/conversations/${group.id}/messages`, { text: `burst ${i}`, clientId: `c-${p.id}-${i}` });
      statuses.push(res.status);
    };
    const burst = async (from: number, to: number) => {
      for (let i = from; i < to; i++) await Promise.all([send(alice, i), send(carol, i)]);
    };
    await burst(0, 10);
    await sockudo.kill();
    await burst(10, 25); // nothing can be delivered live now
    const busOf = async (app: AppHandle) => (await (await fetch(`${app.baseUrl}/api/health`)).json()).bus;
    await expect.poll(() => busOf(app2), { timeout: 15_000 }).toEqual({ kind: "pusher", reachable: false });
    await sockudo.start();
    await burst(25, 30);

    expect(statuses.length).toBe(60);
    expect(statuses.every((s) => s === 201)).toBe(true);
    const all = await history(alice.api, group.id);
    expect(all.length).toBe(61);
    const expected = all.map((m) => m.id).sort();
    for (const p of people) {
      await expect.poll(() => [...p.created.keys()].sort(), { timeout: 60_000 }).toEqual(expected);
      expect([...p.created.values()].every((n) => n === 1)).toBe(true); // no duplicates applied
      await expect.poll(() => p.connection, { timeout: 30_000 }).toBe("live");
    }
    // Per conversation, each client applied events in seq order with no repeats.
    for (const p of people) {
      const seqs = p.events.filter((e) => e.conversationId === group.id).map((e) => e.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(seqs.length);
    }
  });

  it("a removed member gets the removal and nothing of the group after it", async () => {
    const [alice, dave] = [new Person(app1), new Person(app2)];
    people.push(alice, dave);
    await alice.signUp("alice2");
    await dave.signUp("dave");
    for (const p of [alice, dave]) p.connect();
    await expect.poll(() => [alice.connection, dave.connection], { timeout: 30_000 }).toEqual(["live", "live"]);
    const group = (await alice.api.post("/api/conversations", { type: "group", name: "Leaving", memberIds: [dave.id] })).body.conversation;
    const before = (await alice.api.post(`/api/conversations/${group.id}/messages`, { text: "still here" })).body.message;
    await expect.poll(() => dave.created.get(before.id), { timeout: 15_000 }).toBe(1);
    expect((await alice.api.del(`/api/conversations/${group.id}/members/${dave.id}`)).status).toBe(200);
    await expect.poll(() => dave.events.some((e) => e.type === "member.removed" && e.conversationId === group.id), { timeout: 15_000 }).toBe(true);
    const after = (await alice.api.post(`/api/conversations/${group.id}/messages`, { text: "dave is gone" })).body.message;
    // The control: alice's own client gets it, so it was sent; dave's never does.
    await expect.poll(() => alice.created.get(after.id), { timeout: 15_000 }).toBe(1);
    const marker = (await alice.api.post("/api/conversations", { type: "direct", userId: dave.id })).body.conversation;
    await alice.api.post(`/api/conversations/${marker.id}/messages`, { text: "a later DM" });
    await expect.poll(() => dave.events.some((e) => e.conversationId === marker.id && e.type === "message.created"), { timeout: 15_000 }).toBe(true);
    expect(dave.created.has(after.id)).toBe(false);
  });

  it("carries presence and typing to the other person's client through Sockudo, across instances", async () => {
    const [erin, fred] = [new Person(app1), new Person(app2)];
    people.push(erin, fred);
    await erin.signUp("erin");
    await fred.signUp("fred");
    const dm = (await erin.api.post("/api/conversations", { type: "direct", userId: fred.id })).body.conversation;
    erin.connect();
    await expect.poll(() => erin.connection, { timeout: 30_000 }).toBe("live");
    expect(erin.presence.has(fred.id)).toBe(false); // fred has not connected yet
    fred.connect();
    // Each sees the other online: erin live (fred's snapshot or a change), fred from his snapshot.
    await expect.poll(() => erin.presence.get(fred.id), { timeout: 20_000 }).toBe("online");
    await expect.poll(() => fred.presence.get(erin.id), { timeout: 20_000 }).toBe("online");

    expect((await fred.api.post(`/api/conversations/${dm.id}/typing`, { typing: true })).status).toBe(204);
    await expect.poll(() => erin.typing.some((t) => t.conversationId === dm.id && t.userIds.includes(fred.id)), { timeout: 15_000 }).toBe(true);
    expect((await fred.api.post(`/api/conversations/${dm.id}/typing`, { typing: false })).status).toBe(204);
    await expect.poll(() => erin.typing.at(-1), { timeout: 15_000 }).toEqual({ conversationId: dm.id, userIds: [] });

    // Fred closes his tab: offline for erin after the grace period (30 s), told through Sockudo.
    fred.stop();
    await expect.poll(() => erin.presence.has(fred.id), { timeout: 60_000, interval: 500 }).toBe(false);
  });
});
