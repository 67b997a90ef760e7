import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/api-client";
import { startApp, type AppHandle } from "../helpers/app-server";
import { KAFKA_BROKERS, MONGO_BASE, requireServices } from "../helpers/services";

/**
 * Reactions, replies and mentions over real HTTP and the live stream, in both modes: embedded
 * (one app, SQLite, in-process bus) and scale-out (two apps on FerretDB + Kafka: the writer talks
 * to one instance, the watcher's stream is on the other, so every live event crossed the broker).
 */
const run = randomBytes(4).toString("hex");
const enc = encodeURIComponent;
const react = (c: ApiClient, messageId: string, emoji: string, on = true) =>
  c.request(on ? "PUT" : "DELETE", `/api/messages/${messageId}/reactions/${enc(emoji)}`);

const modes: [string, () => Promise<AppHandle[]>][] = [
  ["embedded (SQLite)", async () => [await startApp({ name: "extras-embedded" })]],
  [
    "scale-out (FerretDB + Kafka, two instances)",
    async () => {
      await requireServices();
      const env = {
        DATABASE_URL: `${MONGO_BASE}/chat_extras_${run}`,
        KAFKA_BROKERS,
        KAFKA_TOPIC: `chat-extras-${run}`,
        KAFKA_CLIENT_ID: "chat-test",
        NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
      };
      return Promise.all([
        startApp({ name: "extras-1", env: { ...env, INSTANCE_ID: `x1-${run}` } }),
        startApp({ name: "extras-2", env: { ...env, INSTANCE_ID: `x2-${run}` } }),
      ]);
    },
  ],
];

describe.each(modes)("reactions, replies and mentions: %s", (_mode, start) => {
  let apps: AppHandle[];
  let alice: ApiClient, bob: ApiClient, carol: ApiClient;
  /** bob's stream is opened on the last instance; alice and carol write on the first. */
  let bobOnWatch: ApiClient;
  let group: { id: string };
  const names = { alice: `xa${run}`, bob: `xb${run}`, carol: `xc${run}` };
  const ids = {} as Record<keyof typeof names, string>;

  beforeAll(async () => {
    apps = await start();
    [alice, bob, carol] = [0, 1, 2].map(() => new ApiClient(apps[0].baseUrl));
    ids.alice = (await alice.signUp(names.alice)).id;
    ids.bob = (await bob.signUp(names.bob)).id;
    ids.carol = (await carol.signUp(names.carol)).id;
    bobOnWatch = bob.on(apps.at(-1)!.baseUrl);
    group = (await alice.post("/api/conversations", { type: "group", name: "Extras", memberIds: [ids.bob, ids.carol] })).body.conversation;
  });
  afterAll(async () => {
    await Promise.all((apps ?? []).map((a) => a.stop()));
  });

  const send = async (c: ApiClient, text: string, extra: object = {}) => {
    const res = await c.post(`/api/conversations/${group.id}/messages`, { text, ...extra });
    expect(res.status).toBe(201);
    return res.body.message;
  };

  it("toggles reactions: PUT is idempotent, DELETE removes only mine, and the message carries who reacted", async () => {
    const m = await send(alice, "react to me");
    expect(m.reactions).toEqual([]);
    const first = await react(bob, m.id, "👍");
    expect(first.status).toBe(200);
    expect(first.body.message.reactions).toEqual([{ emoji: "👍", count: 1, userIds: [ids.bob] }]);
    expect((await react(bob, m.id, "👍")).body.message.reactions).toEqual(first.body.message.reactions);
    // A bare heart and the emoji-presentation heart are one reaction.
    await react(carol, m.id, "❤");
    const both = await react(alice, m.id, "❤️");
    expect(both.body.message.reactions).toEqual([
      { emoji: "👍", count: 1, userIds: [ids.bob] },
      { emoji: "❤️", count: 2, userIds: [ids.carol, ids.alice] },
    ]);
    // Carol "removing" the thumbs-up removes nothing: she never gave one, and bob's is his.
    expect((await react(carol, m.id, "👍", false)).body.message.reactions[0]).toEqual({ emoji: "👍", count: 1, userIds: [ids.bob] });
    const off = await react(bob, m.id, "👍", false);
    expect(off.status).toBe(200);
    expect(off.body.message.reactions).toEqual([{ emoji: "❤️", count: 2, userIds: [ids.carol, ids.alice] }]);
    const history = await carol.get(`/api/conversations/${group.id}/messages?limit=5`);
    expect(history.body.messages.find((x: { id: string }) => x.id === m.id).reactions).toEqual(off.body.message.reactions);
  });

  it("allows 20 distinct emoji per message, refuses the 21st with 409, and clears them on delete", async () => {
    const m = await send(alice, "many");
    const emoji = [..."😀😃😄😁😆😅😂🤣😊😇🙂🙃😉😌😍🥰😘😗😙😚"];
    expect(emoji).toHaveLength(20);
    for (const e of emoji) expect((await react(bob, m.id, e)).status).toBe(200);
    const over = await react(carol, m.id, "🤯");
    expect(over.status).toBe(409);
    expect(over.body.error).toMatchObject({ code: "conflict:reactions", message: expect.stringContaining("20") });
    expect((await react(carol, m.id, "😀")).body.message.reactions[0].count).toBe(2);

    expect((await alice.del(`/api/messages/${m.id}`)).body.message.reactions).toEqual([]);
    const gone = await react(bob, m.id, "👍");
    expect(gone.status).toBe(409);
    expect(gone.body.error.code).toBe("conflict:message");
  });

  it("sends a reply with the parent's quote; a deleted parent shows as deleted without its text", async () => {
    const parent = await send(carol, `The plan: ${"step, ".repeat(40)}done`);
    const reply = await send(bob, "Agreed", { replyToId: parent.id });
    expect(reply.replyTo).toMatchObject({ id: parent.id, seq: parent.seq, senderId: ids.carol, deleted: false });
    expect(reply.replyTo.excerpt.length).toBeLessThanOrEqual(140);
    expect(reply.replyTo.excerpt.startsWith("The plan: step, step,")).toBe(true);

    await carol.del(`/api/messages/${parent.id}`);
    const page = await alice.get(`/api/conversations/${group.id}/messages?limit=10`);
    const shown = page.body.messages.find((x: { id: string }) => x.id === reply.id);
    expect(shown.replyTo).toEqual({ id: parent.id, seq: parent.seq, senderId: ids.carol, excerpt: null, deleted: true });
    expect(JSON.stringify(page.body)).not.toContain("The plan");
  });

  it("resolves @mentions of members only, counts unread mentions, and clears them on read", async () => {
    const outsider = new ApiClient(apps[0].baseUrl);
    const outsiderName = `xo${run}`;
    await outsider.signUp(outsiderName);
    const m = await send(alice, `@${names.bob} and @${names.carol.toUpperCase()}, not @${outsiderName} nor @nobody; mail ${names.bob}@example.com; \`@${names.alice}\``);
    expect(m.mentions).toEqual([ids.bob, ids.carol]);
    await send(carol, `thanks @${names.bob}.`);
    const summary = async (c: ApiClient) =>
      (await c.get("/api/conversations")).body.conversations.find((x: { id: string }) => x.id === group.id);
    expect((await summary(bob)).mentionCount).toBe(2);
    expect((await summary(carol)).mentionCount).toBe(1);
    expect((await summary(alice)).mentionCount).toBe(0);

    const edited = await alice.patch(`/api/messages/${m.id}`, { text: `only @${names.carol} now` });
    expect(edited.body.message.mentions).toEqual([ids.carol]);
    expect((await summary(bob)).mentionCount).toBe(1);

    const latest = (await bob.get(`/api/conversations/${group.id}/messages?limit=1`)).body.messages[0];
    await bob.post(`/api/conversations/${group.id}/read`, { messageId: latest.id });
    expect((await summary(bob)).mentionCount).toBe(0);
  });

  it("delivers reactions and replies live, and replays them on resume", async () => {
    const s1 = await bobOnWatch.openStream();
    await s1.waitForReady();
    const m = await send(alice, "live one");
    await react(carol, m.id, "🎉");
    const reply = await send(carol, "reply live", { replyToId: m.id });
    await s1.waitFor((es) => es.some((e) => e.event === "message.created" && e.data.message.id === reply.id), 20_000, "reply");
    const added = s1.events.find((e) => e.event === "reaction.added" && e.data.message.id === m.id)!;
    expect(added.data).toMatchObject({ type: "reaction.added", userId: ids.carol, emoji: "🎉", conversationId: group.id });
    expect(added.data.message.reactions).toEqual([{ emoji: "🎉", count: 1, userIds: [ids.carol] }]);
    const replyEvent = s1.events.find((e) => e.event === "message.created" && e.data.message.id === reply.id)!;
    expect(replyEvent.data.message.replyTo).toMatchObject({ id: m.id, excerpt: "live one", deleted: false });
    const cursor = s1.lastEventId!;
    s1.close();

    await react(alice, m.id, "🎉");
    await react(carol, m.id, "🎉", false);
    const second = await send(alice, "second reply", { replyToId: reply.id });
    const s2 = await bobOnWatch.openStream({ lastEventId: cursor });
    await s2.waitForReady();
    const replayed = s2.events.filter((e) => e.data?.conversationId === group.id).map((e) => e.event);
    expect(replayed).toEqual(["reaction.added", "reaction.removed", "message.created"]);
    const lastReaction = s2.events.find((e) => e.event === "reaction.removed")!;
    expect(lastReaction.data).toMatchObject({ userId: ids.carol, emoji: "🎉" });
    expect(lastReaction.data.message.reactions).toEqual([{ emoji: "🎉", count: 1, userIds: [ids.alice] }]);
    expect(s2.events.find((e) => e.event === "message.created")!.data.message).toMatchObject({ id: second.id, replyTo: { id: reply.id } });

    await react(bob, second.id, "👀");
    await s2.waitFor((es) => es.some((e) => e.event === "reaction.added" && e.data.message.id === second.id), 20_000, "live after resume");
    s2.close();
  });
});
