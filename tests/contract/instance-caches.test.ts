import { expect, it } from "vitest";
import { isLive, sessionUser, startSession } from "@/lib/chat/sessions";
import type { Message, User } from "@/lib/chat/types";
import type { ChatStore } from "@/lib/store/chat-store";
import { forEachAdapterPair, newUser } from "./adapters";

/**
 * Two stores on one database (two app instances): whatever one keeps from earlier reads — a
 * user, a conversation's folded state and head — never hides a write made through the other
 * from the checks a request makes (session, membership) nor from what a read returns.
 */
forEachAdapterPair("instance caches", (stores) => {
  const group = async (store: ChatStore, creator: User, members: User[]) =>
    (await store.createGroupConversation({ name: "Team", creatorId: creator.id, memberIds: members.map((m) => m.id) })).conversation;
  const send = async (store: ChatStore, conversationId: string, sender: User, text = "hi") =>
    (await store.appendMessage({ conversationId, senderId: sender.id, text })).message;
  /** What a send checks first (requireMembership), then what it appends. */
  const checkedSend = async (store: ChatStore, conversationId: string, sender: User, text: string) => {
    const conversation = await store.findConversation(conversationId);
    if (!conversation?.members.some((m) => m.userId === sender.id)) throw new Error("not a member");
    return send(store, conversationId, sender, text);
  };
  const newest = (messages: Message[]) => messages.reduce((a, b) => (b.seq > a.seq ? b : a));

  it("refuses a session revoked through the other instance at once, though its user is cached", async () => {
    const [here, there] = stores();
    const u = await newUser(here);
    const s = await startSession({ store: here }, u.id);
    expect(await sessionUser({ store: there }, { sessionId: s.id, userId: u.id })).toEqual(u);
    expect(await sessionUser({ store: there }, { sessionId: s.id, userId: u.id })).toEqual(u); // now from its cache, if any
    expect(await here.revokeSessions({ userId: u.id, sessionId: s.id })).toBe(1);
    const { session, user } = await there.findSessionUser({ sessionId: s.id, userId: u.id });
    expect(session?.revokedAt).not.toBeNull();
    expect(user).toEqual(u);
    expect(await sessionUser({ store: there }, { sessionId: s.id, userId: u.id })).toBeNull();
    // Expiry is decided on the session as stored, whatever is cached.
    const later = await startSession({ store: here }, u.id);
    expect(await sessionUser({ store: there }, { sessionId: later.id, userId: u.id })).toEqual(u);
    expect(await sessionUser({ store: there }, { sessionId: later.id, userId: u.id }, Date.parse(later.expiresAt) + 1)).toBeNull();
    expect(isLive((await there.findSessionUser({ sessionId: later.id, userId: u.id })).session!, u.id)).toBe(true);
  });

  it("answers a session check with a rename: at once where it was made, elsewhere once told (userChanged)", async () => {
    const [here, there] = stores();
    const u = await newUser(here, "Before");
    const s = await startSession({ store: here }, u.id);
    for (const store of [here, there]) expect((await sessionUser({ store }, { sessionId: s.id, userId: u.id }))?.displayName).toBe("Before");
    await here.updateDisplayName({ userId: u.id, displayName: "After" });
    expect((await sessionUser({ store: here }, { sessionId: s.id, userId: u.id }))?.displayName).toBe("After");
    there.userChanged(u.id); // what the bus's member.updated does on every instance
    expect((await sessionUser({ store: there }, { sessionId: s.id, userId: u.id }))?.displayName).toBe("After");
    expect(await there.findSessionUser({ sessionId: s.id, userId: "no-such-user" })).toMatchObject({ user: null });
    expect(await there.findSessionUser({ sessionId: "no-such-session", userId: u.id })).toMatchObject({ session: null });
  });

  it("keeps seqs gap-free and unique when both instances, caches warm, check and append into one conversation", async () => {
    const [here, there] = stores();
    const [a, b] = [await newUser(here), await newUser(here)];
    const g = await group(here, a, [b]);
    await Promise.all([here.findConversation(g.id), there.findConversation(g.id)]);
    const sent: Message[] = [];
    for (let round = 0; round < 15; round++) {
      sent.push(
        ...(await Promise.all([
          checkedSend(here, g.id, a, `a${round}`),
          checkedSend(there, g.id, b, `b${round}`),
          checkedSend(here, g.id, b, `c${round}`),
          checkedSend(there, g.id, a, `d${round}`),
        ])),
      );
    }
    expect(sent.map((m) => m.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 60 }, (_, i) => i + 2));
    const events = await there.listEventsSince({ conversationId: g.id, afterSeq: 0, limit: 1_000 });
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 61 }, (_, i) => i + 1));
    for (const store of [here, there]) {
      const seen = (await store.findConversation(g.id))!;
      expect(seen.lastSeq).toBe(61);
      expect(seen.lastActivityAt).toBe(newest(sent).createdAt);
    }
  });

  it("shows a warm instance the other's members, name, read markers and last activity in its next read", async () => {
    const [here, there] = stores();
    const [a, b, c, d] = [await newUser(here), await newUser(here), await newUser(here), await newUser(here)];
    const g = await group(here, a, [b]);
    const first = await send(here, g.id, a, "first");
    expect((await here.findConversation(g.id))?.lastActivityAt).toBe(first.createdAt);

    // A few entries (within one read's window), then a long burst past it.
    await there.addMember({ conversationId: g.id, userId: c.id, role: "member" });
    await there.renameConversation({ conversationId: g.id, name: "Renamed" });
    const fromC = await send(there, g.id, c, "from c");
    let seen = (await here.findConversation(g.id))!;
    expect(seen.members.map((m) => m.userId)).toEqual([a.id, b.id, c.id]);
    expect(seen).toMatchObject({ name: "Renamed", lastSeq: fromC.seq, lastActivityAt: fromC.createdAt });
    await there.addMember({ conversationId: g.id, userId: d.id, role: "member" }); // older than one window holds
    const burst: Message[] = [];
    for (let i = 0; i < 80; i++) burst.push(await send(there, g.id, b, `burst ${i}`));
    await there.markRead({ conversationId: g.id, userId: c.id, seq: burst[40].seq });
    await there.removeMember({ conversationId: g.id, userId: b.id });
    seen = (await here.findConversation(g.id))!;
    expect(seen.members.map((m) => m.userId)).toEqual([a.id, c.id, d.id]);
    expect(seen.members.find((m) => m.userId === c.id)?.lastReadSeq).toBe(burst[40].seq);
    expect(seen).toMatchObject({ lastSeq: burst[79].seq + 2, lastActivityAt: burst[79].createdAt });

    // Structural entries only: the head moves, the last activity stays the last message's.
    await there.renameConversation({ conversationId: g.id, name: "Again" });
    seen = (await here.findConversation(g.id))!;
    expect(seen).toMatchObject({ name: "Again", lastSeq: burst[79].seq + 3, lastActivityAt: burst[79].createdAt });
    // The removed member's send is refused by the warm instance's membership check.
    await expect(checkedSend(here, g.id, b, "gone")).rejects.toThrow("not a member");
    // And the instance that made the changes sees what the warm one does.
    expect(await there.findConversation(g.id)).toEqual(seen);
  });
});
