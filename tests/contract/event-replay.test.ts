import { expect, it } from "vitest";
import { replayEvents } from "@/lib/realtime/event-replay";
import { decodeCursor, encodeCursor } from "@/lib/realtime/stream-cursor";
import { forEachAdapter, tag } from "./adapters";

/** GET /api/events' replay against each store adapter: the stream's resume rules, in pages. */
forEachAdapter("event replay", (store) => {
  const person = (name: string) => store().createUser({ username: `${name}-${tag()}`, displayName: name, passwordHash: "x" });
  const limits = { page: 500, resetOver: 1000 };

  it("without a cursor: no events, the head of every conversation", async () => {
    const [a, b] = [await person("a"), await person("b")];
    const dm = await store().findOrCreateDirectConversation({ userIds: [a.id, b.id] });
    await store().appendMessage({ conversationId: dm.conversation.id, senderId: a.id, text: "one" });
    const page = await replayEvents(store(), b.id, null, limits);
    expect(page).toMatchObject({ events: [], more: false, reset: false });
    expect(decodeCursor(page.cursor)?.get(dm.conversation.id)).toBe(2);
  });

  it("replays after the cursor in seq order, pages with `more`, and ends where the store's head was", async () => {
    const [a, b] = [await person("a"), await person("b")];
    const dm = await store().findOrCreateDirectConversation({ userIds: [a.id, b.id] });
    for (let i = 0; i < 7; i++) await store().appendMessage({ conversationId: dm.conversation.id, senderId: a.id, text: `m${i}` });
    let cursor = encodeCursor(new Map([[dm.conversation.id, 2]]));
    const seqs: number[] = [];
    for (let pages = 0; ; pages++) {
      const page = await replayEvents(store(), b.id, decodeCursor(cursor), { page: 3, resetOver: 1000 });
      seqs.push(...page.events.map((e) => e.seq as number));
      cursor = page.cursor;
      if (!page.more) break;
      expect(pages).toBeLessThan(5);
    }
    expect(seqs).toEqual([3, 4, 5, 6, 7, 8]);
    expect(decodeCursor(cursor)?.get(dm.conversation.id)).toBe(8);
  });

  it("replays a conversation joined since from the join, and says once that one was left", async () => {
    const [a, b] = [await person("a"), await person("b")];
    const left = await store().createGroupConversation({ name: "left", creatorId: a.id, memberIds: [b.id] });
    const cursor = await replayEvents(store(), b.id, null, limits);
    await store().removeMember({ conversationId: left.conversation.id, userId: b.id, actorId: a.id });
    const joined = await store().createGroupConversation({ name: "joined", creatorId: a.id, memberIds: [] });
    await store().appendMessage({ conversationId: joined.conversation.id, senderId: a.id, text: "before b" });
    const added = await store().addMember({ conversationId: joined.conversation.id, userId: b.id, role: "member", actorId: a.id });
    await store().appendMessage({ conversationId: joined.conversation.id, senderId: a.id, text: "after b" });
    const page = await replayEvents(store(), b.id, decodeCursor(cursor.cursor), limits);
    expect(page.events.map((e) => [e.conversationId, e.type, e.seq])).toEqual([
      [left.conversation.id, "member.removed", null],
      [joined.conversation.id, "member.added", added!.seq],
      [joined.conversation.id, "message.created", added!.seq + 1],
    ]);
    // The added person's own member.added carries the conversation, as on the stream.
    expect((page.events[1] as { conversation?: { id: string } }).conversation?.id).toBe(joined.conversation.id);
    expect(decodeCursor(page.cursor)?.has(left.conversation.id)).toBe(false);
  });

  it("answers a backlog over the limit with `reset` and the head, not a replay", async () => {
    const [a, b] = [await person("a"), await person("b")];
    const dm = await store().findOrCreateDirectConversation({ userIds: [a.id, b.id] });
    for (let i = 0; i < 5; i++) await store().appendMessage({ conversationId: dm.conversation.id, senderId: a.id, text: `m${i}` });
    const page = await replayEvents(store(), b.id, new Map([[dm.conversation.id, 0]]), { page: 500, resetOver: 3 });
    expect(page).toMatchObject({ events: [], reset: true, more: false });
    expect(decodeCursor(page.cursor)?.get(dm.conversation.id)).toBe(6);
  });
});
