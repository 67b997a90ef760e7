import { expect, it } from "vitest";
import { forEachAdapter, newUser } from "./adapters";

forEachAdapter("profile", (store) => {
  it("changes a display name and logs member.updated in each conversation of that person", async () => {
    const [a, b] = await Promise.all([newUser(store(), "Before"), newUser(store())]);
    const { conversation: g } = await store().createGroupConversation({ name: "N", creatorId: a.id, memberIds: [b.id] });
    const { conversation: dm } = await store().findOrCreateDirectConversation({ userIds: [a.id, b.id] });
    const { user, events } = await store().updateDisplayName({ userId: a.id, displayName: "Ada After" });
    expect(user).toMatchObject({ id: a.id, username: a.username, displayName: "Ada After" });
    expect(events.map((e) => [e.conversationId, e.type]).sort()).toEqual([[dm.id, "member.updated"], [g.id, "member.updated"]].sort());
    expect(events[0]).toMatchObject({ userId: a.id, username: a.username, displayName: "Ada After", seq: 2 });
    expect(await store().findUserById(a.id)).toMatchObject({ displayName: "Ada After" });
    expect((await store().findConversation(g.id))?.members.find((m) => m.userId === a.id)?.displayName).toBe("Ada After");
    expect((await store().searchUsers({ query: "ada aft", limit: 5 })).map((u) => u.id)).toContain(a.id);
    const replay = await store().listEventsSince({ conversationId: g.id, afterSeq: 1, limit: 10 });
    expect(replay).toEqual([events.find((e) => e.conversationId === g.id)]);
    // Not a timeline entry.
    expect((await store().listSystemEntries({ conversationId: g.id, limit: 10 })).map((e) => e.action)).toEqual(["created"]);
    await expect(store().updateDisplayName({ userId: "no-such-user", displayName: "x" })).rejects.toMatchObject({ kind: "store_not_found" });
  });

  it("replaces the password hash", async () => {
    const a = await newUser(store());
    await store().updatePasswordHash({ userId: a.id, passwordHash: "new-hash" });
    expect((await store().findUserCredentials(a.username))?.passwordHash).toBe("new-hash");
    await expect(store().updatePasswordHash({ userId: "no-such-user", passwordHash: "x" })).rejects.toMatchObject({ kind: "store_not_found" });
  });
});
