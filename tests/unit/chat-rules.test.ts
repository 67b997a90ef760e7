import { beforeEach, describe, expect, it } from "vitest";
import { registerUser, searchUsers, verifyCredentials } from "@/lib/chat/accounts";
import { addMember, createConversation, getConversation, removeMember, renameConversation } from "@/lib/chat/conversations";
import type { ChatDeps, PasswordHasher } from "@/lib/chat/deps";
import { ChatError } from "@/lib/chat/errors";
import { deleteMessage, editMessage, listMessages, markRead, sendMessage } from "@/lib/chat/messages";
import type { ChatEvent, User } from "@/lib/chat/types";
import { LocalEventBus } from "@/lib/realtime/local-bus";
import { SqliteChatStore } from "@/lib/store/sqlite";
import { DiskFileStore } from "@/lib/store/sqlite/file-store";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** Reversible stand-in so rule tests don't spend 50 ms per argon2 hash; argon2 is tested over HTTP. */
const plainHasher: PasswordHasher = {
  hash: async (p) => `plain:${p}`,
  verify: async (h, p) => h === `plain:${p}`,
};

let deps: ChatDeps;
let published: ChatEvent[];

beforeEach(async () => {
  const store = new SqliteChatStore("file::memory:");
  await store.init();
  const bus = new LocalEventBus();
  published = [];
  bus.subscribe((e) => published.push(e));
  const files = new DiskFileStore("file::memory:", fs.mkdtempSync(path.join(os.tmpdir(), "rules-files-")));
  await files.init();
  deps = { store, bus, hasher: plainHasher, files, uploads: { maxBytes: 1024 * 1024, maxFiles: 10, unattachedTtlMs: 86_400_000 } };
});

const user = (name: string) => registerUser(deps, { username: name, password: "password123" });

async function expectError(p: Promise<unknown>, status: number, code?: string) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ChatError);
  expect((err as ChatError).status).toBe(status);
  if (code) expect((err as ChatError).code).toBe(code);
}

describe("accounts", () => {
  it("validates usernames, passwords and display names", async () => {
    await expectError(registerUser(deps, { username: "ab", password: "password123" }), 400);
    await expectError(registerUser(deps, { username: "a".repeat(33), password: "password123" }), 400);
    await expectError(registerUser(deps, { username: "bad name", password: "password123" }), 400);
    await expectError(registerUser(deps, { username: "okname", password: "short" }), 400);
    await expectError(registerUser(deps, { username: "okname", password: "x".repeat(129) }), 400);
    await expectError(registerUser(deps, { username: "okname", password: "password123", displayName: "x".repeat(65) }), 400);
    await expectError(registerUser(deps, { username: { $gt: "" }, password: "password123" }), 400);
    const u = await registerUser(deps, { username: "Ok_Name.1-x", password: "password123", displayName: "  Ok  " });
    expect(u).toMatchObject({ username: "ok_name.1-x", displayName: "Ok" });
  });

  it("keeps usernames unique case-insensitively", async () => {
    await user("dup");
    await expectError(registerUser(deps, { username: "DUP", password: "password123" }), 409, "conflict:username");
  });

  it("verifies credentials and gives nothing away for unknown users", async () => {
    const u = await user("verify");
    expect(await verifyCredentials(deps, { username: "VERIFY", password: "password123" })).toEqual(u);
    expect(await verifyCredentials(deps, { username: "verify", password: "wrong-password" })).toBeNull();
    expect(await verifyCredentials(deps, { username: "ghost", password: "password123" })).toBeNull();
    expect(await verifyCredentials(deps, { username: ["x"], password: 1 })).toBeNull();
  });

  it("searches others by prefix", async () => {
    const me = await user("sally");
    await user("sam");
    expect((await searchUsers(deps, me.id, { q: "sa" })).map((u) => u.username)).toEqual(["sam"]);
  });
});

describe("conversations", () => {
  let a: User, b: User, c: User;
  beforeEach(async () => {
    [a, b, c] = [await user("alice"), await user("bob"), await user("carol")];
  });

  it("returns the existing DM, refuses a DM with yourself or a stranger id", async () => {
    const one = await createConversation(deps, a.id, { type: "direct", userId: b.id });
    const two = await createConversation(deps, b.id, { type: "direct", userId: a.id });
    expect(one.created).toBe(true);
    expect(two).toEqual({ conversation: one.conversation, created: false });
    await expectError(createConversation(deps, a.id, { type: "direct", userId: a.id }), 400);
    await expectError(createConversation(deps, a.id, { type: "direct", userId: "no-such-user" }), 404);
  });

  it("forbids adding members to a DM", async () => {
    const { conversation } = await createConversation(deps, a.id, { type: "direct", userId: b.id });
    await expectError(addMember(deps, a.id, conversation.id, { userId: c.id }), 403);
    await expectError(removeMember(deps, a.id, conversation.id, b.id), 403);
  });

  it("lets only admins rename, add and remove; anyone leaves", async () => {
    const { conversation: g } = await createConversation(deps, a.id, { type: "group", name: "G", memberIds: [b.id] });
    await expectError(renameConversation(deps, b.id, g.id, { name: "mine" }), 403, "forbidden:conversation");
    await expectError(addMember(deps, b.id, g.id, { userId: c.id }), 403);
    await expectError(removeMember(deps, b.id, g.id, a.id), 403);
    await expectError(getConversation(deps, c.id, g.id), 404, "not_found:conversation");
    await addMember(deps, a.id, g.id, { userId: c.id });
    const left = await removeMember(deps, c.id, g.id, c.id);
    expect(left.members.map((m) => m.userId)).toEqual([a.id, b.id]);
  });

  it("promotes the longest-standing member when the last admin leaves", async () => {
    const { conversation: g } = await createConversation(deps, a.id, { type: "group", name: "G", memberIds: [c.id, b.id] });
    const after = await removeMember(deps, a.id, g.id, a.id);
    expect(after.members.map((m) => [m.userId, m.role])).toEqual([
      [c.id, "admin"],
      [b.id, "member"],
    ]);
    const last = published.at(-1)!;
    expect(last).toMatchObject({ type: "member.removed", userId: a.id });
  });

  it("does not promote anyone while another admin remains", async () => {
    const { conversation: g } = await createConversation(deps, a.id, { type: "group", name: "G", memberIds: [b.id, c.id] });
    await removeMember(deps, a.id, g.id, b.id);
    await addMember(deps, a.id, g.id, { userId: b.id });
    const after = await removeMember(deps, b.id, g.id, b.id);
    expect(after.members.map((m) => m.role)).toEqual(["admin", "member"]);
  });
});

describe("messages", () => {
  let a: User, b: User, c: User, convId: string;
  beforeEach(async () => {
    [a, b, c] = [await user("alice"), await user("bob"), await user("carol")];
    convId = (await createConversation(deps, a.id, { type: "direct", userId: b.id })).conversation.id;
  });

  it("trims text, bounds it to 4000 characters, and lets only members send", async () => {
    const { message } = await sendMessage(deps, a.id, convId, { text: "  hi  " });
    expect(message.text).toBe("hi");
    await expectError(sendMessage(deps, a.id, convId, { text: "   " }), 400);
    await expectError(sendMessage(deps, a.id, convId, { text: "x".repeat(4001) }), 400);
    expect((await sendMessage(deps, a.id, convId, { text: "x".repeat(4000) })).message.text).toHaveLength(4000);
    await expectError(sendMessage(deps, c.id, convId, { text: "intruder" }), 404);
  });

  it("lets only the sender edit or delete, and tombstones erase the text", async () => {
    const { message } = await sendMessage(deps, a.id, convId, { text: "original" });
    await expectError(editMessage(deps, b.id, message.id, { text: "hijack" }), 403, "forbidden:message");
    await expectError(deleteMessage(deps, b.id, message.id), 403);
    await expectError(editMessage(deps, c.id, message.id, { text: "x" }), 404);
    const edited = await editMessage(deps, a.id, message.id, { text: "changed" });
    expect(edited.editedAt).not.toBeNull();
    const gone = await deleteMessage(deps, a.id, message.id);
    expect(gone).toMatchObject({ text: null, deletedAt: expect.any(String) });
    expect(await deleteMessage(deps, a.id, message.id)).toEqual(gone); // idempotent
    await expectError(editMessage(deps, a.id, message.id, { text: "back" }), 409);
    expect(JSON.stringify(await deps.store.listEventsSince({ conversationId: convId, afterSeq: 0, limit: 100 }))).not.toMatch(
      /original|changed/,
    );
  });

  it("publishes each committed change once, in seq order", async () => {
    published.length = 0;
    const { message } = await sendMessage(deps, a.id, convId, { text: "one", clientId: "k1" });
    await sendMessage(deps, a.id, convId, { text: "one", clientId: "k1" }); // retry: no new event
    await editMessage(deps, a.id, message.id, { text: "one!" });
    await editMessage(deps, a.id, message.id, { text: "one!" }); // no change: no event
    await deleteMessage(deps, a.id, message.id);
    expect(published.map((e) => e.type)).toEqual(["message.created", "message.updated", "message.deleted"]);
    const seqs = published.map((e) => e.seq);
    expect(seqs).toEqual([seqs[0], seqs[0] + 1, seqs[0] + 2]);
  });

  it("succeeds even when the bus is down (the store is the source of truth)", async () => {
    deps.bus.publish = async () => {
      throw new Error("broker unreachable");
    };
    const { message } = await sendMessage(deps, a.id, convId, { text: "still saved" });
    expect((await listMessages(deps, b.id, convId, {})).messages[0].id).toBe(message.id);
  });

  it("pages history with a cursor and validates paging input", async () => {
    for (let i = 0; i < 5; i++) await sendMessage(deps, a.id, convId, { text: `m${i}` });
    const p1 = await listMessages(deps, b.id, convId, { limit: "2" });
    const p2 = await listMessages(deps, b.id, convId, { limit: "2", before: String(p1.nextCursor) });
    const p3 = await listMessages(deps, b.id, convId, { limit: "2", before: String(p2.nextCursor) });
    expect([...p1.messages, ...p2.messages, ...p3.messages].map((m) => m.text)).toEqual(["m4", "m3", "m2", "m1", "m0"]);
    expect(p3.nextCursor).toBeNull();
    await expectError(listMessages(deps, b.id, convId, { limit: "0" }), 400);
    await expectError(listMessages(deps, b.id, convId, { limit: "101" }), 400);
    await expectError(listMessages(deps, b.id, convId, { before: "abc" }), 400);
  });

  it("marks read only forward and only with a message of that conversation", async () => {
    const m1 = (await sendMessage(deps, a.id, convId, { text: "1" })).message;
    const m2 = (await sendMessage(deps, a.id, convId, { text: "2" })).message;
    expect(await markRead(deps, b.id, convId, { messageId: m2.id })).toEqual({ lastReadSeq: m2.seq });
    expect(await markRead(deps, b.id, convId, { messageId: m1.id })).toEqual({ lastReadSeq: m2.seq });
    const other = (await createConversation(deps, a.id, { type: "group", name: "x", memberIds: [b.id] })).conversation;
    const foreign = (await sendMessage(deps, a.id, other.id, { text: "elsewhere" })).message;
    await expectError(markRead(deps, b.id, convId, { messageId: foreign.id }), 404);
  });
});
