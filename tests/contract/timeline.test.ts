import { expect, it } from "vitest";
import type { SystemEntry } from "@/lib/chat/types";
import { forEachAdapter, newUser } from "./adapters";

forEachAdapter("timeline", (store) => {
  const entries = (conversationId: string, beforeSeq?: number, limit = 100) =>
    store().listSystemEntries({ conversationId, beforeSeq, limit });
  const brief = (e: SystemEntry) => [e.seq, e.action, e.actorId, e.userId, e.name, e.promotedUserId];

  it("lists creation, adds, removals, leaving and renames with their actors, newest first", async () => {
    const [a, b, c, d] = await Promise.all([newUser(store()), newUser(store()), newUser(store()), newUser(store())]);
    const { conversation: g } = await store().createGroupConversation({ name: "Launch", creatorId: a.id, memberIds: [b.id] });
    await store().appendMessage({ conversationId: g.id, senderId: a.id, text: "hello" }); // 2
    await store().addMember({ conversationId: g.id, userId: c.id, role: "member", actorId: a.id }); // 3
    await store().renameConversation({ conversationId: g.id, name: "Launch crew", actorId: a.id }); // 4
    await store().removeMember({ conversationId: g.id, userId: c.id, actorId: a.id }); // 5
    await store().addMember({ conversationId: g.id, userId: d.id, role: "member", actorId: d.id }); // 6: joined
    await store().markRead({ conversationId: g.id, userId: b.id, seq: 2 }); // 7: not a timeline entry
    await store().removeMember({ conversationId: g.id, userId: a.id, promoteUserId: b.id, actorId: a.id }); // 8

    const all = await entries(g.id);
    expect(all.map(brief)).toEqual([
      [8, "left", a.id, a.id, null, b.id],
      [6, "joined", d.id, d.id, null, null],
      [5, "removed", a.id, c.id, null, null],
      [4, "renamed", a.id, null, "Launch crew", null],
      [3, "added", a.id, c.id, null, null],
      [1, "created", a.id, null, "Launch", null],
    ]);
    expect(all.every((e) => e.kind === "system" && e.conversationId === g.id && new Date(e.at).toISOString() === e.at)).toBe(true);
    // A rename keeps the name it set, not today's.
    await store().renameConversation({ conversationId: g.id, name: "Later", actorId: b.id });
    expect((await entries(g.id)).find((e) => e.seq === 4)?.name).toBe("Launch crew");
  });

  it("pages by seq like messages: before is exclusive, limit caps, no duplicates across pages", async () => {
    const [a, ...others] = await Promise.all([newUser(store()), newUser(store()), newUser(store()), newUser(store())]);
    const { conversation: g } = await store().createGroupConversation({ name: "P", creatorId: a.id, memberIds: [] });
    for (const o of others) await store().addMember({ conversationId: g.id, userId: o.id, role: "member", actorId: a.id });
    const first = await entries(g.id, undefined, 2);
    expect(first.map((e) => e.seq)).toEqual([4, 3]);
    const second = await entries(g.id, 3, 2);
    expect(second.map((e) => e.seq)).toEqual([2, 1]);
    expect(await entries(g.id, 1, 2)).toEqual([]);
    expect(await entries("no-such-conversation")).toEqual([]);
  });

  it("records who started a direct conversation", async () => {
    const [a, b] = await Promise.all([newUser(store()), newUser(store())]);
    const { conversation: dm, events } = await store().findOrCreateDirectConversation({ userIds: [a.id, b.id] });
    expect(events[0]).toMatchObject({ type: "conversation.created", actorId: a.id });
    expect((await entries(dm.id)).map(brief)).toEqual([[1, "created", a.id, null, null, null]]);
  });

  it("events carry only what changed; replay shows each change as it was", async () => {
    const [a, b, c] = await Promise.all([newUser(store()), newUser(store()), newUser(store())]);
    const { conversation: g } = await store().createGroupConversation({ name: "R", creatorId: a.id, memberIds: [b.id] });
    const added = await store().addMember({ conversationId: g.id, userId: c.id, role: "admin", actorId: b.id });
    expect(added).toEqual({
      type: "member.added",
      conversationId: g.id,
      seq: 2,
      at: added!.at,
      actorId: b.id,
      userId: c.id,
      member: { userId: c.id, username: c.username, displayName: c.displayName, role: "admin", joinedAt: added!.at, joinedSeq: 2, lastReadSeq: 0 },
    });
    await store().renameConversation({ conversationId: g.id, name: "R1", actorId: a.id });
    await store().renameConversation({ conversationId: g.id, name: "R2", actorId: a.id });
    await store().removeMember({ conversationId: g.id, userId: a.id, promoteUserId: b.id, actorId: c.id });
    const log = await store().listEventsSince({ conversationId: g.id, afterSeq: 1, limit: 100 });
    expect(log.map((e) => ("changes" in e ? e.changes : "member" in e ? e.member.userId : "promotedUserId" in e ? e.promotedUserId : null))).toEqual([
      c.id,
      { name: "R1" },
      { name: "R2" },
      b.id,
    ]);
    expect(log.map((e) => ("actorId" in e ? e.actorId : null))).toEqual([b.id, a.id, a.id, c.id]);
    for (const e of log) expect(e).not.toHaveProperty("conversation");
  });
});
