import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatEvent, User } from "@/lib/chat/types";
import { isStoreConflict, type ChatStore } from "@/lib/store/chat-store";

/**
 * Reactions, replies and mentions through the ChatStore port, run against every adapter.
 * Each test makes its own users and conversation, so suites may share a database.
 */
export function messageExtrasContract(name: string, makeStore: () => Promise<ChatStore>) {
  describe(`ChatStore reactions, replies, mentions: ${name}`, () => {
    let store: ChatStore;
    beforeAll(async () => {
      store = await makeStore();
      await store.init();
    });
    afterAll(async () => {
      await store?.close();
    });

    const tag = () => randomBytes(6).toString("hex");
    const newUser = () => store.createUser({ username: `x${tag()}`, displayName: "X", passwordHash: "h" });
    async function room(n = 3) {
      const users = await Promise.all(Array.from({ length: n }, newUser));
      const { conversation } = await store.createGroupConversation({ name: "R", creatorId: users[0].id, memberIds: users.slice(1).map((u) => u.id) });
      return { users, conversationId: conversation.id };
    }
    const send = async (conversationId: string, sender: User, text = "hi", extra: { replyToId?: string; mentions?: string[] } = {}) =>
      (await store.appendMessage({ conversationId, senderId: sender.id, text, ...extra })).message;
    const react = (messageId: string, user: User, emoji: string, maxDistinct = 20) =>
      store.addReaction({ messageId, userId: user.id, emoji, maxDistinct });

    describe("reactions", () => {
      it("adds, groups by emoji in order of first use, and is idempotent", async () => {
        const { users: [a, b, c], conversationId } = await room();
        const m = await send(conversationId, a);
        expect(m.reactions).toEqual([]);
        const first = await react(m.id, b, "👍");
        expect(first.event).toMatchObject({ type: "reaction.added", userId: b.id, emoji: "👍", conversationId, seq: m.seq + 1 });
        expect(first.message.reactions).toEqual([{ emoji: "👍", count: 1, userIds: [b.id] }]);
        await react(m.id, c, "🎉");
        const third = await react(m.id, a, "👍");
        expect(third.message.reactions).toEqual([
          { emoji: "👍", count: 2, userIds: [b.id, a.id] },
          { emoji: "🎉", count: 1, userIds: [c.id] },
        ]);
        const again = await react(m.id, b, "👍");
        expect(again.event).toBeNull();
        expect(again.message.reactions).toEqual(third.message.reactions);
        expect((await store.findMessage(m.id))!.reactions).toEqual(third.message.reactions);
        const [listed] = await store.listMessages({ conversationId, limit: 1 });
        expect(listed.reactions).toEqual(third.message.reactions);
      });

      it("removes only the given person's reaction; removing a missing one is a no-op", async () => {
        const { users: [a, b], conversationId } = await room(2);
        const m = await send(conversationId, a);
        await react(m.id, a, "👍");
        await react(m.id, b, "👍");
        const removed = await store.removeReaction({ messageId: m.id, userId: b.id, emoji: "👍" });
        expect(removed.event).toMatchObject({ type: "reaction.removed", userId: b.id, emoji: "👍" });
        expect(removed.message.reactions).toEqual([{ emoji: "👍", count: 1, userIds: [a.id] }]);
        const none = await store.removeReaction({ messageId: m.id, userId: b.id, emoji: "👍" });
        expect(none.event).toBeNull();
        const last = await store.removeReaction({ messageId: m.id, userId: a.id, emoji: "👍" });
        expect(last.message.reactions).toEqual([]);
      });

      it("refuses a new emoji beyond maxDistinct, still accepts more people on an existing one", async () => {
        const { users: [a, b], conversationId } = await room(2);
        const m = await send(conversationId, a);
        for (const e of ["😀", "😃", "😄"]) await react(m.id, a, e, 3);
        const err = await react(m.id, b, "😁", 3).catch((e: unknown) => e);
        expect(isStoreConflict(err) && err.field).toBe("reactions");
        expect((await react(m.id, b, "😃", 3)).message.reactions).toHaveLength(3);
      });

      it("keeps the limit under concurrent reactions", async () => {
        const { users, conversationId } = await room(6);
        const m = await send(conversationId, users[0]);
        const emoji = ["🍎", "🍐", "🍊", "🍋", "🍌", "🍉"];
        const results = await Promise.allSettled(users.map((u, i) => react(m.id, u, emoji[i], 4)));
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(4);
        expect((await store.findMessage(m.id))!.reactions).toHaveLength(4);
      });

      it("logs reactions so replay carries them, with the message's current state", async () => {
        const { users: [a, b], conversationId } = await room(2);
        const m = await send(conversationId, a);
        await react(m.id, b, "👀");
        await store.removeReaction({ messageId: m.id, userId: b.id, emoji: "👀" });
        await react(m.id, a, "✅");
        const events = await store.listEventsSince({ conversationId, afterSeq: m.seq, limit: 10 });
        expect(events.map((e) => e.type)).toEqual(["reaction.added", "reaction.removed", "reaction.added"]);
        const last = events[2] as Extract<ChatEvent, { type: "reaction.added" }>;
        expect(last.message.reactions).toEqual([{ emoji: "✅", count: 1, userIds: [a.id] }]);
      });

      it("deleting a message removes its reactions; a deleted message takes none", async () => {
        const { users: [a, b], conversationId } = await room(2);
        const m = await send(conversationId, a);
        await react(m.id, b, "👍");
        const { message } = await store.deleteMessage({ messageId: m.id });
        expect(message.reactions).toEqual([]);
        expect((await store.findMessage(m.id))!.reactions).toEqual([]);
        const err = await react(m.id, b, "👍").catch((e: unknown) => e);
        expect(isStoreConflict(err) && err.field).toBe("message");
        const events = await store.listEventsSince({ conversationId, afterSeq: m.seq, limit: 10 });
        expect(events.every((e) => !("message" in e) || e.message.reactions.length === 0)).toBe(true);
      });
    });

    describe("replies", () => {
      it("carries the parent's id, sender and excerpt, following edits and deletion", async () => {
        const { users: [a, b], conversationId } = await room(2);
        const long = `${"word ".repeat(40)}end`;
        const parent = await send(conversationId, a, long);
        const reply = await send(conversationId, b, "answer", { replyToId: parent.id });
        expect(reply.replyTo).toEqual({ id: parent.id, seq: parent.seq, senderId: a.id, excerpt: expect.any(String), deleted: false });
        expect(reply.replyTo!.excerpt!.length).toBeLessThanOrEqual(140);
        expect(reply.replyTo!.excerpt!.endsWith("…")).toBe(true);
        expect(long.startsWith(reply.replyTo!.excerpt!.slice(0, -1))).toBe(true);

        await store.editMessage({ messageId: parent.id, text: "short now" });
        expect((await store.findMessage(reply.id))!.replyTo!.excerpt).toBe("short now");

        await store.deleteMessage({ messageId: parent.id });
        const after = await store.findMessage(reply.id);
        expect(after!.replyTo).toEqual({ id: parent.id, seq: parent.seq, senderId: a.id, excerpt: null, deleted: true });
        const [listed] = await store.listMessages({ conversationId, limit: 1 });
        expect(listed.replyTo).toEqual(after!.replyTo);
        const replayed = await store.listEventsSince({ conversationId, afterSeq: 0, limit: 100 });
        expect(JSON.stringify(replayed)).not.toContain("word word");
      });

      it("a plain message has replyTo null", async () => {
        const { users: [a], conversationId } = await room(1);
        expect((await send(conversationId, a)).replyTo).toBeNull();
      });
    });

    describe("mentions", () => {
      it("stores mentions, counts unread mentions of me, and follows edits and deletion", async () => {
        const { users: [a, b, c], conversationId } = await room(3);
        const m1 = await send(conversationId, a, "hi b", { mentions: [b.id, c.id] });
        expect(m1.mentions).toEqual([b.id, c.id]);
        await send(conversationId, a, "no mention");
        const m3 = await send(conversationId, c, "and b again", { mentions: [b.id] });
        const count = async (u: User) => (await store.listConversationsForUser(u.id)).find((s) => s.id === conversationId)!.mentionCount;
        expect(await count(b)).toBe(2);
        expect(await count(c)).toBe(1);
        expect(await count(a)).toBe(0);

        await store.markRead({ conversationId, userId: b.id, seq: m1.seq });
        expect(await count(b)).toBe(1);

        const edited = await store.editMessage({ messageId: m3.id, text: "never mind", mentions: [] });
        expect(edited.message.mentions).toEqual([]);
        expect(await count(b)).toBe(0);
        await store.editMessage({ messageId: m3.id, text: "b after all", mentions: [b.id] });
        expect(await count(b)).toBe(1);

        await store.deleteMessage({ messageId: m3.id });
        expect(await count(b)).toBe(0);
        expect((await store.findMessage(m3.id))!.mentions).toEqual([]);
      });

      it("does not count my own mention of myself", async () => {
        const { users: [a], conversationId } = await room(1);
        await send(conversationId, a, "me", { mentions: [a.id] });
        expect((await store.listConversationsForUser(a.id)).find((s) => s.id === conversationId)!.mentionCount).toBe(0);
      });
    });
  });
}
