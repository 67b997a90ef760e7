import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatEvent, Conversation, Message, User } from "@/lib/chat/types";
import { isStoreConflict, StoreNotFoundError, type ChatStore, type StoreConflictError } from "@/lib/store/chat-store";

/**
 * The ChatStore contract, run against every adapter through the port only. One store per suite;
 * every test creates its own users and conversations (random names), so nothing depends on a
 * clean database and suites may share one.
 *
 * makeSecondStore, when given, opens another store on the same database — a second app
 * instance with its own caches and connections — for the cross-instance tests.
 */
export function chatStoreContract(
  name: string,
  makeStore: () => Promise<ChatStore>,
  options: { makeSecondStore?: () => Promise<ChatStore> } = {},
) {
  describe(`ChatStore contract: ${name}`, () => {
    let store: ChatStore;

    beforeAll(async () => {
      store = await makeStore();
      await store.init();
    });

    afterAll(async () => {
      await store?.close();
    });

    const tag = () => randomBytes(6).toString("hex");
    const newUser = (displayName = "Test User") =>
      store.createUser({ username: `t${tag()}`, displayName, passwordHash: "not-a-real-hash" });
    const newUsers = (n: number) => Promise.all(Array.from({ length: n }, () => newUser()));
    const newGroup = async (creator: User, members: User[], groupName = "Team") =>
      (await store.createGroupConversation({ name: groupName, creatorId: creator.id, memberIds: members.map((m) => m.id) }))
        .conversation;
    const send = async (conversationId: string, sender: User, text = "hi", clientId?: string) =>
      (await store.appendMessage({ conversationId, senderId: sender.id, text, clientId })).message;
    const allEvents = (conversationId: string) => store.listEventsSince({ conversationId, afterSeq: 0, limit: 10_000 });
    const seqsOf = (items: { seq: number }[]) => items.map((i) => i.seq);
    const memberIds = (c: Conversation) => c.members.map((m) => m.userId);

    describe("lifecycle", () => {
      it("init is idempotent and ping answers", async () => {
        await store.init();
        expect(await store.ping()).toBe(true);
        expect(["sqlite", "mongo"]).toContain(store.kind);
      });
    });

    describe("users", () => {
      it("creates and finds users by id", async () => {
        const u = await newUser("Ada Lovelace");
        expect(u).toMatchObject({ displayName: "Ada Lovelace" });
        expect(u.id).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(new Date(u.createdAt).toISOString()).toBe(u.createdAt);
        expect(await store.findUserById(u.id)).toEqual(u);
        expect(await store.findUserById("no-such-user")).toBeNull();
        const v = await newUser();
        const found = await store.findUsersByIds([v.id, u.id, "no-such-user", u.id]);
        expect(found.map((x) => x.id).sort()).toEqual([u.id, v.id].sort());
        expect(await store.findUsersByIds([])).toEqual([]);
      });

      it("rejects a username taken in any letter case with StoreConflictError('username')", async () => {
        const base = `Case${tag()}`;
        await store.createUser({ username: base, displayName: "A", passwordHash: "h" });
        const err = await store
          .createUser({ username: base.toUpperCase(), displayName: "B", passwordHash: "h" })
          .catch((e: unknown) => e);
        expect(isStoreConflict(err)).toBe(true);
        expect((err as StoreConflictError).field).toBe("username");
      });

      it("lets exactly one of several concurrent registrations of a name win", async () => {
        const base = `race${tag()}`;
        const results = await Promise.allSettled(
          [base, base.toUpperCase(), base, base].map((username) => store.createUser({ username, displayName: "R", passwordHash: "h" })),
        );
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        for (const r of results) if (r.status === "rejected") expect(isStoreConflict(r.reason)).toBe(true);
      });

      it("finds credentials case-insensitively", async () => {
        const username = `cred${tag()}`;
        const u = await store.createUser({ username, displayName: "C", passwordHash: "$argon2id$fake" });
        expect(await store.findUserCredentials(username.toUpperCase())).toEqual({ ...u, passwordHash: "$argon2id$fake" });
        expect(await store.findUserCredentials(`missing${tag()}`)).toBeNull();
      });

      it("searches by case-insensitive prefix of username or display name, ordered by username", async () => {
        const p = `s${tag()}`;
        const mk = (suffix: string, displayName: string) =>
          store.createUser({ username: `${p}${suffix}`, displayName, passwordHash: "h" });
        const b = await mk("_b", "Bee");
        const a = await mk("_a", "Ay");
        const c = await mk("_c", "Sea");
        const byName = await store.createUser({ username: `z${tag()}`, displayName: `${p.toUpperCase()} Zed`, passwordHash: "h" });
        const ids = (list: User[]) => list.map((x) => x.id);

        expect(ids(await store.searchUsers({ query: p.toUpperCase(), limit: 10 }))).toEqual([a.id, b.id, c.id, byName.id]);
        expect(ids(await store.searchUsers({ query: p, limit: 2 }))).toEqual([a.id, b.id]);
        expect(ids(await store.searchUsers({ query: p, limit: 10, excludeUserId: b.id }))).toEqual([a.id, c.id, byName.id]);
        expect(await store.searchUsers({ query: p.slice(2), limit: 10 })).toEqual([]); // not a substring search
        expect(await store.searchUsers({ query: `${p}.`, limit: 10 })).toEqual([]); // "." is not a wildcard
        expect(await store.searchUsers({ query: `${p}_.*`, limit: 10 })).toEqual([]);
      });
    });

    describe("direct conversations", () => {
      it("creates one conversation per pair and returns it from either side", async () => {
        const [a, b] = await newUsers(2);
        const first = await store.findOrCreateDirectConversation({ userIds: [a.id, b.id] });
        expect(first.created).toBe(true);
        expect(first.conversation).toMatchObject({ type: "direct", name: null, lastSeq: 1 });
        expect(memberIds(first.conversation).sort()).toEqual([a.id, b.id].sort());
        expect(first.conversation.members.every((m) => m.role === "member" && m.joinedSeq === 1 && m.lastReadSeq === 0)).toBe(true);
        expect(first.events).toHaveLength(1);
        expect(first.events[0]).toMatchObject({ type: "conversation.created", seq: 1, conversationId: first.conversation.id });

        const again = await store.findOrCreateDirectConversation({ userIds: [b.id, a.id] });
        expect(again).toMatchObject({ created: false, events: [] });
        expect(again.conversation.id).toBe(first.conversation.id);
        expect(seqsOf(await allEvents(first.conversation.id))).toEqual([1]);
      });

      it("yields a single conversation when both sides start it at the same moment", async () => {
        const [a, b] = await newUsers(2);
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            store.findOrCreateDirectConversation({ userIds: i % 2 ? [a.id, b.id] : [b.id, a.id] }),
          ),
        );
        expect(new Set(results.map((r) => r.conversation.id)).size).toBe(1);
        expect(results.filter((r) => r.created)).toHaveLength(1);
        const id = results[0].conversation.id;
        expect(seqsOf(await allEvents(id))).toEqual([1]);
        const listed = (await store.listConversationsForUser(a.id)).filter((c) => memberIds(c).includes(b.id));
        expect(listed.map((c) => c.id)).toEqual([id]);
      });

      it("includes member names in snapshots", async () => {
        const a = await newUser("Alice A");
        const b = await newUser("Bob B");
        const { conversation } = await store.findOrCreateDirectConversation({ userIds: [a.id, b.id] });
        const alice = conversation.members.find((m) => m.userId === a.id);
        expect(alice).toMatchObject({ username: a.username, displayName: "Alice A" });
      });
    });

    describe("groups", () => {
      it("makes the creator admin and deduplicates members (creator excluded from memberIds)", async () => {
        const [creator, b, c] = await newUsers(3);
        const { conversation, events } = await store.createGroupConversation({
          name: "Crew",
          creatorId: creator.id,
          memberIds: [b.id, creator.id, c.id, b.id],
        });
        expect(conversation).toMatchObject({ type: "group", name: "Crew", lastSeq: 1 });
        expect(conversation.members.map((m) => [m.userId, m.role, m.joinedSeq])).toEqual([
          [creator.id, "admin", 1],
          [b.id, "member", 1],
          [c.id, "member", 1],
        ]);
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({ type: "conversation.created", seq: 1 });
        expect((await store.findConversation(conversation.id))?.members).toEqual(conversation.members);
        expect(await store.findConversation("no-such-conversation")).toBeNull();
      });

      it("finds one member as the member list has them, and nobody outside", async () => {
        const [creator, b, outsider] = await newUsers(3);
        const { conversation } = await store.createGroupConversation({ name: "One", creatorId: creator.id, memberIds: [b.id] });
        for (const m of conversation.members) expect(await store.findMember(conversation.id, m.userId)).toEqual(m);
        expect(await store.findMember(conversation.id, outsider.id)).toBeNull();
        expect(await store.findMember("no-such-conversation", b.id)).toBeNull();
        await store.removeMember({ conversationId: conversation.id, userId: b.id });
        expect(await store.findMember(conversation.id, b.id)).toBeNull();
        await store.markRead({ conversationId: conversation.id, userId: creator.id, seq: 2 });
        expect((await store.findMember(conversation.id, creator.id))?.lastReadSeq).toBe(2);
      });

      it("renames, logging conversation.updated with the new name only", async () => {
        const [a, b] = await newUsers(2);
        const g = await newGroup(a, [b]);
        const event = await store.renameConversation({ conversationId: g.id, name: "Renamed" });
        expect(event).toMatchObject({ type: "conversation.updated", seq: 2, conversationId: g.id });
        expect(event.type === "conversation.updated" && event.changes).toEqual({ name: "Renamed" });
        expect(event).not.toHaveProperty("conversation");
        expect((await store.findConversation(g.id))?.name).toBe("Renamed");
        await expect(store.renameConversation({ conversationId: "no-such-conversation", name: "x" })).rejects.toBeInstanceOf(
          StoreNotFoundError,
        );
      });

      it("adds members once, with joinedSeq = the seq of their member.added event, ordered by joinedSeq", async () => {
        const [a, b, c, d] = await newUsers(4);
        const g = await newGroup(a, [b]);
        await send(g.id, a);
        const added = await store.addMember({ conversationId: g.id, userId: c.id, role: "member" });
        expect(added).toMatchObject({ type: "member.added", seq: 3, userId: c.id });
        // Only what changed: the new member, not the whole member list.
        expect(added).not.toHaveProperty("conversation");
        expect(added?.type === "member.added" && added.member).toMatchObject({ userId: c.id, username: c.username, role: "member", joinedSeq: 3, lastReadSeq: 0 });
        expect(await store.addMember({ conversationId: g.id, userId: c.id, role: "member" })).toBeNull();
        const admin = await store.addMember({ conversationId: g.id, userId: d.id, role: "admin" });
        expect(admin?.seq).toBe(4);
        const now = await store.findConversation(g.id);
        expect(now?.members.map((m) => [m.userId, m.role, m.joinedSeq])).toEqual([
          [a.id, "admin", 1],
          [b.id, "member", 1],
          [c.id, "member", 3],
          [d.id, "admin", 4],
        ]);
        expect(seqsOf(await allEvents(g.id))).toEqual([1, 2, 3, 4]);
      });

      it("lets concurrent adds of the same user produce one member.added", async () => {
        const [a, b] = await newUsers(2);
        const g = await newGroup(a, []);
        const results = await Promise.all(
          Array.from({ length: 5 }, () => store.addMember({ conversationId: g.id, userId: b.id, role: "member" })),
        );
        expect(results.filter((r) => r !== null)).toHaveLength(1);
        expect((await allEvents(g.id)).map((e) => e.type)).toEqual(["conversation.created", "member.added"]);
      });

      it("keeps every one of many concurrent changes to one conversation (no lost update)", async () => {
        const [a, b, ...joiners] = await newUsers(7);
        const g = await newGroup(a, [b]);
        const m = await send(g.id, a);
        await Promise.all([
          ...joiners.map((u) => store.addMember({ conversationId: g.id, userId: u.id, role: "member" })),
          store.removeMember({ conversationId: g.id, userId: b.id }),
          store.markRead({ conversationId: g.id, userId: a.id, seq: m.seq }),
          store.renameConversation({ conversationId: g.id, name: "busy" }),
          ...Array.from({ length: 5 }, () => send(g.id, a, "meanwhile")),
        ]);
        const now = await store.findConversation(g.id);
        expect(now?.name).toBe("busy");
        expect(memberIds(now!).sort()).toEqual([a.id, ...joiners.map((u) => u.id)].sort());
        expect(now?.members.find((x) => x.userId === a.id)?.lastReadSeq).toBe(m.seq);
        const log = await allEvents(g.id);
        expect(seqsOf(log)).toEqual(range(1, log.length));
        expect(log).toHaveLength(2 + joiners.length + 3 + 5); // created, m, adds, remove + read + rename, sends
        for (const e of log) if (e.type === "member.added") expect(now?.members.find((x) => x.userId === e.userId)?.joinedSeq).toBe(e.seq);
      });

      it("removes members (null when not a member) and promotes in the same step", async () => {
        const [a, b, c] = await newUsers(3);
        const g = await newGroup(a, [b, c]);
        const removed = await store.removeMember({ conversationId: g.id, userId: a.id, promoteUserId: b.id });
        expect(removed).toMatchObject({ type: "member.removed", seq: 2, userId: a.id });
        expect(removed).toMatchObject({ promotedUserId: b.id });
        expect(removed).not.toHaveProperty("conversation");
        expect((await store.findConversation(g.id))?.members.map((m) => [m.userId, m.role])).toEqual([
          [b.id, "admin"],
          [c.id, "member"],
        ]);
        expect(await store.removeMember({ conversationId: g.id, userId: a.id })).toBeNull();
        const plain = await store.removeMember({ conversationId: g.id, userId: c.id });
        expect(plain).toMatchObject({ type: "member.removed", userId: c.id, promotedUserId: null });
        expect((await store.findConversation(g.id))?.members.map((m) => [m.userId, m.role])).toEqual([[b.id, "admin"]]);
        expect(seqsOf(await allEvents(g.id))).toEqual([1, 2, 3]);
      });
    });

    describe("messages and the log", () => {
      it("appends messages at the next seq, sharing the seq space with events", async () => {
        const [a, b] = await newUsers(2);
        const g = await newGroup(a, [b]);
        const { message, event } = await store.appendMessage({ conversationId: g.id, senderId: a.id, text: "hello" });
        expect(message).toMatchObject({ conversationId: g.id, seq: 2, senderId: a.id, text: "hello", clientId: null, editedAt: null, deletedAt: null });
        expect(event).toEqual({ type: "message.created", conversationId: g.id, seq: 2, at: message.createdAt, message });
        await store.renameConversation({ conversationId: g.id, name: "N" });
        const m2 = await send(g.id, b, "second");
        expect(m2.seq).toBe(4);
        expect(await store.findMessage(m2.id)).toEqual(m2);
        expect(await store.findMessage("no-such-message")).toBeNull();
        await expect(store.appendMessage({ conversationId: "no-such-conversation", senderId: a.id, text: "x" })).rejects.toThrow();
      });

      it("keeps seqs strictly increasing and gap-free across every kind of change", async () => {
        const [a, b, c] = await newUsers(3);
        const g = await newGroup(a, [b]);
        const returned: ChatEvent[] = [];
        const keep = (e: ChatEvent | null) => e && returned.push(e);
        const m = await store.appendMessage({ conversationId: g.id, senderId: a.id, text: "one" });
        keep(m.event);
        keep(await store.renameConversation({ conversationId: g.id, name: "R" }));
        keep(await store.addMember({ conversationId: g.id, userId: c.id, role: "member" }));
        keep(await store.markRead({ conversationId: g.id, userId: b.id, seq: m.message.seq }));
        keep((await store.editMessage({ messageId: m.message.id, text: "one!" })).event);
        keep((await store.removeMember({ conversationId: g.id, userId: c.id }))!);
        keep((await store.deleteMessage({ messageId: m.message.id })).event);
        expect(seqsOf(returned)).toEqual([2, 3, 4, 5, 6, 7, 8]);
        const log = await allEvents(g.id);
        expect(seqsOf(log)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
        expect(log.map((e) => e.type)).toEqual([
          "conversation.created",
          "message.created",
          "conversation.updated",
          "member.added",
          "read.updated",
          "message.updated",
          "member.removed",
          "message.deleted",
        ]);
      });

      it("treats a repeated clientId from the same sender in the same conversation as a retry", async () => {
        const [a, b] = await newUsers(2);
        const g = await newGroup(a, [b]);
        const first = await store.appendMessage({ conversationId: g.id, senderId: a.id, text: "once", clientId: "c-1" });
        const retry = await store.appendMessage({ conversationId: g.id, senderId: a.id, text: "once", clientId: "c-1" });
        expect(first.event).not.toBeNull();
        expect(retry).toEqual({ message: first.message, event: null });
        const other = await store.appendMessage({ conversationId: g.id, senderId: b.id, text: "b", clientId: "c-1" });
        expect(other.event).not.toBeNull();
        expect(other.message.id).not.toBe(first.message.id);
        const g2 = await newGroup(a, [b]);
        const elsewhere = await store.appendMessage({ conversationId: g2.id, senderId: a.id, text: "x", clientId: "c-1" });
        expect(elsewhere.event).not.toBeNull();
        expect(seqsOf(await store.listMessages({ conversationId: g.id, limit: 10 }))).toEqual([3, 2]);
      });

      it("makes concurrent retries with one clientId create exactly one message", async () => {
        const [a] = await newUsers(1);
        const g = await newGroup(a, []);
        const results = await Promise.all(
          Array.from({ length: 8 }, () => store.appendMessage({ conversationId: g.id, senderId: a.id, text: "t", clientId: "same" })),
        );
        expect(results.filter((r) => r.event !== null)).toHaveLength(1);
        expect(new Set(results.map((r) => r.message.id)).size).toBe(1);
        expect(seqsOf(await allEvents(g.id))).toEqual([1, 2]);
      });

      it("gives 50 concurrent appends 50 distinct consecutive seqs, listed in order without gaps", async () => {
        const senders = await newUsers(3);
        const g = await newGroup(senders[0], senders.slice(1));
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) => store.appendMessage({ conversationId: g.id, senderId: senders[i % 3].id, text: `m${i}` })),
        );
        expect(seqsOf(results.map((r) => r.message)).sort((x, y) => x - y)).toEqual(range(2, 51));
        const log = await allEvents(g.id);
        expect(seqsOf(log)).toEqual(range(1, 51));
        const byId = new Map(results.map((r) => [r.message.id, r.message]));
        for (const e of log.slice(1)) {
          expect(e.type).toBe("message.created");
          if (e.type === "message.created") expect(e.message).toEqual(byId.get(e.message.id));
        }
      });

      it("never lets a reader skip a seq while writers race (visibility follows seq order)", async () => {
        const [a, b] = await newUsers(2);
        const g = await newGroup(a, [b]);
        let writing = true;
        const writers = Promise.all([
          ...Array.from({ length: 40 }, (_, i) => send(g.id, i % 2 ? a : b, `w${i}`)),
          store.renameConversation({ conversationId: g.id, name: "during" }),
          store.markRead({ conversationId: g.id, userId: b.id, seq: 1 }),
        ]).finally(() => (writing = false));
        let last = 0;
        const deadline = Date.now() + 30_000;
        while ((writing || last < 43) && Date.now() < deadline) {
          for (const e of await store.listEventsSince({ conversationId: g.id, afterSeq: last, limit: 7 })) {
            expect(e.seq).toBe(last + 1); // a later seq never shows up before an earlier one
            last = e.seq;
          }
        }
        await writers;
        expect(last).toBe(43);
      });

      it("edits in place and logs message.updated with the current message", async () => {
        const [a] = await newUsers(1);
        const g = await newGroup(a, []);
        const m = await send(g.id, a, "draft");
        const { message, event } = await store.editMessage({ messageId: m.id, text: "final" });
        expect(message).toMatchObject({ id: m.id, seq: m.seq, text: "final", createdAt: m.createdAt, deletedAt: null });
        expect(message.editedAt).not.toBeNull();
        expect(event).toMatchObject({ type: "message.updated", seq: m.seq + 1, message });
        expect(await store.findMessage(m.id)).toEqual(message);
        await expect(store.editMessage({ messageId: "no-such-message", text: "x" })).rejects.toBeInstanceOf(StoreNotFoundError);
      });

      it("erases the text on delete, everywhere the log can return it", async () => {
        const [a, b] = await newUsers(2);
        const g = await newGroup(a, [b]);
        const m = await send(g.id, a, "secret v1");
        await store.editMessage({ messageId: m.id, text: "secret v2" });
        const { message, event } = await store.deleteMessage({ messageId: m.id });
        expect(message).toMatchObject({ id: m.id, text: null });
        expect(message.deletedAt).not.toBeNull();
        expect(event).toMatchObject({ type: "message.deleted", message });
        const log = await allEvents(g.id);
        const carried = log.flatMap((e) => ("message" in e ? [e.message] : []));
        expect(carried.map((x) => x.text)).toEqual([null, null, null]);
        expect(JSON.stringify(log)).not.toContain("secret");
        expect((await store.findMessage(m.id))?.text).toBeNull();
        expect((await store.listMessages({ conversationId: g.id, limit: 5 }))[0]).toEqual(message);
        await expect(store.deleteMessage({ messageId: "no-such-message" })).rejects.toBeInstanceOf(StoreNotFoundError);
      });

      it("refuses to edit a message that is already deleted (StoreConflictError)", async () => {
        const [a] = await newUsers(1);
        const g = await newGroup(a, []);
        const m = await send(g.id, a, "gone soon");
        await store.deleteMessage({ messageId: m.id });
        const err = await store.editMessage({ messageId: m.id, text: "back from the dead" }).catch((e: unknown) => e);
        expect(isStoreConflict(err)).toBe(true);
        expect((await store.findMessage(m.id))?.text).toBeNull();
      });

      it("keeps a message deleted when an edit races the deletion", async () => {
        const [a] = await newUsers(1);
        const g = await newGroup(a, []);
        for (let round = 0; round < 5; round++) {
          const m = await send(g.id, a, `race secret ${round}`);
          await Promise.allSettled([
            store.editMessage({ messageId: m.id, text: `edited secret ${round}` }),
            store.deleteMessage({ messageId: m.id }),
          ]);
          const after = await store.findMessage(m.id);
          expect(after?.text).toBeNull();
          expect(after?.deletedAt).not.toBeNull();
        }
        expect(JSON.stringify(await allEvents(g.id))).not.toContain("secret");
      });

      it("pages history newest first with beforeSeq: no duplicates or holes while messages keep arriving", async () => {
        const [a, b] = await newUsers(2);
        const g = await newGroup(a, [b]);
        const sent: Message[] = [];
        for (let i = 0; i < 25; i++) {
          sent.push(await send(g.id, i % 2 ? a : b, `h${i}`));
          if (i === 10) await store.renameConversation({ conversationId: g.id, name: "events are not messages" });
        }
        const seen: Message[] = [];
        let before: number | undefined;
        for (;;) {
          const page = await store.listMessages({ conversationId: g.id, beforeSeq: before, limit: 10 });
          if (page.length === 0) break;
          expect(seqsOf(page)).toEqual([...seqsOf(page)].sort((x, y) => y - x));
          seen.push(...page);
          before = page[page.length - 1].seq;
          await send(g.id, a, "arrived between pages");
        }
        expect(seen.map((m) => m.id)).toEqual(sent.map((m) => m.id).reverse());
        expect(await store.listMessages({ conversationId: "no-such-conversation", limit: 10 })).toEqual([]);
      });

      it("pages the log with afterSeq and limit", async () => {
        const [a] = await newUsers(1);
        const g = await newGroup(a, []);
        for (let i = 0; i < 7; i++) await send(g.id, a, `p${i}`);
        const pages: number[] = [];
        for (let after = 0; ; ) {
          const page = await store.listEventsSince({ conversationId: g.id, afterSeq: after, limit: 3 });
          if (page.length === 0) break;
          expect(page.length).toBeLessThanOrEqual(3);
          pages.push(...seqsOf(page));
          after = page[page.length - 1].seq;
        }
        expect(pages).toEqual(range(1, 8));
        expect(await store.listEventsSince({ conversationId: g.id, afterSeq: 8, limit: 3 })).toEqual([]);
      });
    });

    if (options.makeSecondStore) {
      describe("two instances on one database", () => {
        let other: ChatStore;

        beforeAll(async () => {
          other = await options.makeSecondStore!();
          await other.init();
        });

        afterAll(async () => {
          await other?.close();
        });

        it("allocates gap-free seqs for appends racing from both instances, never visible out of order", async () => {
          const [a, b] = await newUsers(2);
          const g = await newGroup(a, [b]);
          let writing = true;
          const writers = Promise.all(
            Array.from({ length: 50 }, (_, i) =>
              (i % 2 ? store : other).appendMessage({ conversationId: g.id, senderId: (i % 3 ? a : b).id, text: `x${i}` }),
            ),
          ).finally(() => (writing = false));
          let last = 0;
          const deadline = Date.now() + 30_000;
          while ((writing || last < 51) && Date.now() < deadline) {
            for (const e of await other.listEventsSince({ conversationId: g.id, afterSeq: last, limit: 10 })) {
              expect(e.seq).toBe(last + 1);
              last = e.seq;
            }
          }
          const results = await writers;
          expect(seqsOf(results.map((r) => r.message)).sort((x, y) => x - y)).toEqual(range(2, 51));
          expect(seqsOf(await allEvents(g.id))).toEqual(range(1, 51));
        });

        it("lets one of two instances win a precondition race (add, DM, clientId, read marker)", async () => {
          const [a, b, c] = await newUsers(3);
          const g = await newGroup(a, [b]);
          const m = await send(g.id, a);
          const [add1, add2, dm1, dm2, s1, s2] = await Promise.all([
            store.addMember({ conversationId: g.id, userId: c.id, role: "member" }),
            other.addMember({ conversationId: g.id, userId: c.id, role: "member" }),
            store.findOrCreateDirectConversation({ userIds: [a.id, c.id] }),
            other.findOrCreateDirectConversation({ userIds: [c.id, a.id] }),
            store.appendMessage({ conversationId: g.id, senderId: b.id, text: "once", clientId: "k" }),
            other.appendMessage({ conversationId: g.id, senderId: b.id, text: "once", clientId: "k" }),
          ]);
          expect([add1, add2].filter(Boolean)).toHaveLength(1);
          expect(dm1.conversation.id).toBe(dm2.conversation.id);
          expect([dm1.created, dm2.created].filter(Boolean)).toHaveLength(1);
          expect(s1.message.id).toBe(s2.message.id);
          expect([s1.event, s2.event].filter(Boolean)).toHaveLength(1);
          const reads = await Promise.all([
            store.markRead({ conversationId: g.id, userId: b.id, seq: m.seq }),
            other.markRead({ conversationId: g.id, userId: b.id, seq: m.seq }),
          ]);
          expect(reads.filter(Boolean)).toHaveLength(1);
        });

        it("sees changes made by the other instance right away", async () => {
          const [a, b, c] = await newUsers(3);
          const g = await newGroup(a, [b]);
          expect(memberIds((await other.findConversation(g.id))!)).toEqual([a.id, b.id]);
          await store.addMember({ conversationId: g.id, userId: c.id, role: "member" });
          await store.renameConversation({ conversationId: g.id, name: "seen" });
          const m = await send(g.id, c, "from c");
          await store.markRead({ conversationId: g.id, userId: b.id, seq: m.seq });
          const seen = await other.findConversation(g.id);
          expect(seen?.name).toBe("seen");
          expect(memberIds(seen!)).toEqual([a.id, b.id, c.id]);
          expect(seen?.members.find((x) => x.userId === b.id)?.lastReadSeq).toBe(m.seq);
          await other.deleteMessage({ messageId: m.id });
          expect((await store.findMessage(m.id))?.deletedAt).not.toBeNull();
          expect((await store.listConversationsForUser(c.id)).find((x) => x.id === g.id)?.lastMessage?.text).toBeNull();
        });
      });
    }

    describe("read markers, unread counts, sidebar", () => {
      it("raises the read marker and never lowers it", async () => {
        const [a, b] = await newUsers(2);
        const g = await newGroup(a, [b]);
        const m1 = await send(g.id, a);
        const m2 = await send(g.id, a);
        const raised = await store.markRead({ conversationId: g.id, userId: b.id, seq: m2.seq });
        expect(raised).toMatchObject({ type: "read.updated", userId: b.id, lastReadSeq: m2.seq, seq: m2.seq + 1 });
        expect(await store.markRead({ conversationId: g.id, userId: b.id, seq: m1.seq })).toBeNull();
        expect(await store.markRead({ conversationId: g.id, userId: b.id, seq: m2.seq })).toBeNull();
        const outsider = await newUser();
        expect(await store.markRead({ conversationId: g.id, userId: outsider.id, seq: m2.seq })).toBeNull();
        const me = (await store.findConversation(g.id))?.members.find((m) => m.userId === b.id);
        expect(me?.lastReadSeq).toBe(m2.seq);
      });

      it("ends at the highest of concurrent read markers, logging only raises", async () => {
        const [a, b] = await newUsers(2);
        const g = await newGroup(a, [b]);
        const sent: Message[] = [];
        for (let i = 0; i < 5; i++) sent.push(await send(g.id, a));
        await Promise.all([3, 5, 4, 2, 5].map((i) => store.markRead({ conversationId: g.id, userId: b.id, seq: sent[i - 1].seq })));
        const me = (await store.findConversation(g.id))?.members.find((m) => m.userId === b.id);
        expect(me?.lastReadSeq).toBe(sent[4].seq);
        const marks = (await allEvents(g.id)).flatMap((e) => (e.type === "read.updated" ? [e.lastReadSeq] : []));
        expect(marks).toEqual([...marks].sort((x, y) => x - y));
        expect(new Set(marks).size).toBe(marks.length);
        expect(marks[marks.length - 1]).toBe(sent[4].seq);
      });

      it("counts unread messages from others after the marker, excluding deleted ones", async () => {
        const [a, b] = await newUsers(2);
        const g = await newGroup(a, [b]);
        const fromA = [await send(g.id, a), await send(g.id, a), await send(g.id, a)];
        await send(g.id, b, "own messages never count");
        const unread = async (u: User) => (await store.listConversationsForUser(u.id)).find((c) => c.id === g.id)?.unreadCount;
        expect(await unread(b)).toBe(3);
        expect(await unread(a)).toBe(1);
        await store.markRead({ conversationId: g.id, userId: b.id, seq: fromA[0].seq });
        expect(await unread(b)).toBe(2);
        await store.deleteMessage({ messageId: fromA[2].id });
        expect(await unread(b)).toBe(1);
      });

      it("lists a user's conversations by latest activity with the last message", async () => {
        const [a, b, c] = await newUsers(3);
        const first = await newGroup(a, [b], "first");
        await sleep(5);
        const second = (await store.findOrCreateDirectConversation({ userIds: [a.id, c.id] })).conversation;
        await sleep(5);
        const third = await newGroup(a, [], "third");
        await sleep(5);
        const last = await send(first.id, b, "bump");
        await newGroup(b, [c], "not a's");

        const list = await store.listConversationsForUser(a.id);
        expect(list.map((s) => s.id)).toEqual([first.id, third.id, second.id]);
        expect(list[0].lastMessage).toEqual(last);
        expect(list[0].lastActivityAt >= last.createdAt).toBe(true);
        expect(list[1].lastMessage).toBeNull();
        expect(list[1].unreadCount).toBe(0);

        await store.removeMember({ conversationId: third.id, userId: a.id });
        expect((await store.listConversationsForUser(a.id)).map((s) => s.id)).toEqual([first.id, second.id]);
      });

      it("lists membership cursors: joinedSeq of the user, lastSeq of the conversation", async () => {
        const [a, b] = await newUsers(2);
        const g = await newGroup(a, []);
        await send(g.id, a);
        const added = await store.addMember({ conversationId: g.id, userId: b.id, role: "member" });
        await send(g.id, a);
        const dm = (await store.findOrCreateDirectConversation({ userIds: [a.id, b.id] })).conversation;
        const cursors = await store.listMembershipCursors(b.id);
        expect(cursors.map((c) => c.conversationId).sort()).toEqual([g.id, dm.id].sort());
        const inGroup = cursors.find((c) => c.conversationId === g.id)!;
        expect(inGroup.joinedSeq).toBe(added?.seq);
        // lastSeq may lag the log by a moment, never lead it.
        expect(inGroup.lastSeq).toBeGreaterThanOrEqual(inGroup.joinedSeq);
        expect(inGroup.lastSeq).toBeLessThanOrEqual(4);
        expect(cursors.find((c) => c.conversationId === dm.id)).toMatchObject({ joinedSeq: 1, lastSeq: 1 });
        expect(await store.listMembershipCursors((await newUser()).id)).toEqual([]);
      });
    });
  });
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
