import { expect, it } from "vitest";
import type { ConversationSummary, User } from "@/lib/chat/types";
import { forEachAdapter, newUser } from "./adapters";

/**
 * The conversation list's counts, across every operation that can change them, and the same
 * answers for each conversation whether the person is in one conversation or in many (the list is
 * built for all of them at once, so a count must never leak into a neighbour).
 */
forEachAdapter("conversation list", (store) => {
  const users = (n: number) => Promise.all(Array.from({ length: n }, () => newUser(store())));
  const entry = async (u: User, id: string) => (await store().listConversationsForUser(u.id)).find((c) => c.id === id);
  const counts = async (u: User, id: string) => {
    const c = await entry(u, id);
    return c ? [c.unreadCount, c.mentionCount] : null;
  };

  it("keeps unread and mention counts right across send, edit, delete, read, reactions and leaving", async () => {
    const [a, b, c] = await users(3);
    const { conversation: g } = await store().createGroupConversation({ name: "counts", creatorId: a.id, memberIds: [b.id, c.id] });
    const send = async (from: User, mentions: User[] = []) =>
      (await store().appendMessage({ conversationId: g.id, senderId: from.id, text: "x", mentions: mentions.map((m) => m.id) })).message;
    expect(await counts(a, g.id)).toEqual([0, 0]);

    const m1 = await send(b);
    const m2 = await send(b, [a]);
    await send(a, [a]); // my own, even mentioning me: never counted for me
    expect(await counts(a, g.id)).toEqual([2, 1]);
    expect(await counts(b, g.id)).toEqual([1, 0]);
    expect(await counts(c, g.id)).toEqual([3, 0]);

    await store().editMessage({ messageId: m1.id, text: "now @a", mentions: [a.id] });
    expect(await counts(a, g.id)).toEqual([2, 2]);
    await store().editMessage({ messageId: m2.id, text: "not a after all", mentions: [] });
    expect(await counts(a, g.id)).toEqual([2, 1]);
    await store().addReaction({ messageId: m1.id, userId: c.id, emoji: "👍", maxDistinct: 20 });
    await store().markRead({ conversationId: g.id, userId: c.id, seq: m1.seq }); // someone else's marker
    expect(await counts(a, g.id)).toEqual([2, 1]);

    await store().deleteMessage({ messageId: m1.id });
    expect(await counts(a, g.id)).toEqual([1, 0]);

    const m4 = await send(c, [a]);
    await store().markRead({ conversationId: g.id, userId: a.id, seq: m2.seq });
    expect(await counts(a, g.id)).toEqual([1, 1]);
    await store().deleteMessage({ messageId: m2.id }); // already read: nothing to take back
    expect(await counts(a, g.id)).toEqual([1, 1]);
    await store().markRead({ conversationId: g.id, userId: a.id, seq: m4.seq });
    expect(await counts(a, g.id)).toEqual([0, 0]);

    // A person who left still leaves their messages unread for the others; the leaver no longer lists it.
    await send(b, [a]);
    await store().removeMember({ conversationId: g.id, userId: b.id });
    expect(await counts(a, g.id)).toEqual([1, 1]);
    expect(await entry(b, g.id)).toBeUndefined();
  });

  it("gives each of many conversations its own counts and last message, newest activity first", async () => {
    const [me, ...others] = await users(7);
    const expected: { id: string; unread: number; mentions: number; last: string | null }[] = [];
    for (let i = 0; i < 12; i++) {
      const other = i % 3 === 0 ? others[i / 3] : others[i % others.length]; // distinct partners for the DMs
      const id =
        i % 3 === 0
          ? (await store().findOrCreateDirectConversation({ userIds: [me.id, other.id] })).conversation.id
          : (await store().createGroupConversation({ name: `g${i}`, creatorId: other.id, memberIds: [me.id, others[(i + 1) % others.length].id] })).conversation.id;
      let unread = 0;
      let mentions = 0;
      let last: string | null = null;
      for (let k = 0; k < i % 4; k++) {
        const mention = (i + k) % 3 === 0;
        last = (await store().appendMessage({ conversationId: id, senderId: other.id, text: `${i}.${k}`, mentions: mention ? [me.id] : [] })).message.id;
        unread++;
        if (mention) mentions++;
      }
      if (i % 5 === 1 && last) {
        const mine = (await store().appendMessage({ conversationId: id, senderId: me.id, text: "read it all" })).message;
        await store().markRead({ conversationId: id, userId: me.id, seq: mine.seq });
        [unread, mentions, last] = [0, 0, mine.id];
      }
      expected.push({ id, unread, mentions, last });
    }
    const list = await store().listConversationsForUser(me.id);
    expect(list).toHaveLength(12);
    const got = new Map(list.map((c: ConversationSummary) => [c.id, { id: c.id, unread: c.unreadCount, mentions: c.mentionCount, last: c.lastMessage?.id ?? null }]));
    expect(expected.map((e) => got.get(e.id))).toEqual(expected);
    const times = list.map((c) => c.lastActivityAt);
    expect(times).toEqual([...times].sort().reverse());
    for (const c of list) expect(c.members.some((m) => m.userId === me.id)).toBe(true);
  });
});
