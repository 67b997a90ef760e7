import { expect, it } from "vitest";
import { forEachAdapter, newUser, tag } from "./adapters";

forEachAdapter("channels", (store) => {
  it("creates groups private by default or public, and lists only public ones by name with member counts", async () => {
    const [a, b] = await Promise.all([newUser(store()), newUser(store())]);
    const t = tag();
    const mk = (name: string, visibility?: "public" | "private", members = [b.id]) =>
      store().createGroupConversation({ name, creatorId: a.id, memberIds: members, visibility });
    const priv = (await mk(`zz ${t} secret`)).conversation;
    const pub1 = (await mk(`Beta ${t}`, "public")).conversation;
    const pub2 = (await mk(`alpha ${t}`, "public", [])).conversation;
    expect(priv.visibility).toBe("private");
    expect(pub1.visibility).toBe("public");
    expect((await store().findConversation(pub1.id))?.visibility).toBe("public");
    const dm = (await store().findOrCreateDirectConversation({ userIds: [a.id, b.id] })).conversation;
    expect(dm.visibility).toBe("private");

    const listed = await store().listPublicChannels({ query: t, limit: 50, userId: b.id });
    expect(listed).toEqual([
      { id: pub2.id, name: `alpha ${t}`, visibility: "public", memberCount: 1, createdAt: pub2.createdAt, joined: false },
      { id: pub1.id, name: `Beta ${t}`, visibility: "public", memberCount: 2, createdAt: pub1.createdAt, joined: true },
    ]);
    expect((await store().listPublicChannels({ query: `BETA ${t}`, limit: 50, userId: b.id })).map((c) => c.id)).toEqual([pub1.id]);
    expect(await store().listPublicChannels({ query: t, limit: 1, userId: b.id })).toHaveLength(1);
    // Wildcards in the query are literal.
    expect(await store().listPublicChannels({ query: `%${t}`, limit: 50, userId: b.id })).toEqual([]);
    expect(await store().listPublicChannels({ query: `_eta ${t}`, limit: 50, userId: b.id })).toEqual([]);
  });

  it("changes visibility through the log, with the actor, and the directory follows", async () => {
    const [a, b] = await Promise.all([newUser(store()), newUser(store())]);
    const t = tag();
    const { conversation: g } = await store().createGroupConversation({ name: `G ${t}`, creatorId: a.id, memberIds: [] });
    const opened = await store().setVisibility({ conversationId: g.id, visibility: "public", actorId: a.id });
    expect(opened).toMatchObject({ type: "conversation.updated", seq: 2, actorId: a.id, changes: { visibility: "public" } });
    expect(opened).not.toHaveProperty("changes.name");
    expect((await store().findConversation(g.id))).toMatchObject({ visibility: "public", name: `G ${t}` });
    expect((await store().listPublicChannels({ query: t, limit: 10, userId: b.id })).map((c) => c.id)).toEqual([g.id]);
    await store().renameConversation({ conversationId: g.id, name: `H ${t}`, actorId: a.id });
    expect((await store().findConversation(g.id))).toMatchObject({ visibility: "public", name: `H ${t}` });
    await store().setVisibility({ conversationId: g.id, visibility: "private", actorId: a.id });
    expect((await store().findConversation(g.id))).toMatchObject({ visibility: "private", name: `H ${t}` });
    expect(await store().listPublicChannels({ query: t, limit: 10, userId: b.id })).toEqual([]);
    const entries = await store().listSystemEntries({ conversationId: g.id, limit: 10 });
    expect(entries.map((e) => [e.seq, e.action, e.visibility, e.name])).toEqual([
      [4, "visibility", "private", null],
      [3, "renamed", null, `H ${t}`],
      [2, "visibility", "public", null],
      [1, "created", null, `G ${t}`],
    ]);
    const log = await store().listEventsSince({ conversationId: g.id, afterSeq: 1, limit: 10 });
    expect(log.map((e) => (e.type === "conversation.updated" ? e.changes : null))).toEqual([
      { visibility: "public" },
      { name: `H ${t}` },
      { visibility: "private" },
    ]);
    const dm = (await store().findOrCreateDirectConversation({ userIds: [a.id, b.id] })).conversation;
    await expect(store().setVisibility({ conversationId: dm.id, visibility: "public" })).rejects.toMatchObject({ kind: "store_not_found" });
    await expect(store().setVisibility({ conversationId: "no-such", visibility: "public" })).rejects.toMatchObject({ kind: "store_not_found" });
  });

  it("a self-join is a member.added by the member themself", async () => {
    const [a, b] = await Promise.all([newUser(store()), newUser(store())]);
    const { conversation: g } = await store().createGroupConversation({ name: `J ${tag()}`, creatorId: a.id, memberIds: [], visibility: "public" });
    const ev = await store().addMember({ conversationId: g.id, userId: b.id, role: "member", actorId: b.id });
    expect(ev).toMatchObject({ type: "member.added", userId: b.id, actorId: b.id });
    expect((await store().listSystemEntries({ conversationId: g.id, limit: 1 }))[0]).toMatchObject({ action: "joined", userId: b.id });
  });
});
