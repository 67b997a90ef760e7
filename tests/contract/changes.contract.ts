import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatStore } from "@/lib/store/chat-store";

/**
 * listChangesSince, which the stream safety net reads once per pass: what changed since a time,
 * with each changed conversation's head and who joined it — and nothing older.
 */
export function changesContract(name: string, makeStore: () => Promise<ChatStore>) {
  describe(`ChatStore contract (changes since): ${name}`, () => {
    let store: ChatStore;
    beforeAll(async () => {
      store = await makeStore();
      await store.init();
    });
    afterAll(async () => store?.close());

    const user = () => store.createUser({ username: `c${randomBytes(6).toString("hex")}`, displayName: "C", passwordHash: "x" });

    it("reports changed conversations with their head and joins, and leaves out the unchanged", async () => {
      const [a, b, c, d] = await Promise.all([user(), user(), user(), user()]);
      const quiet = (await store.createGroupConversation({ name: "quiet", creatorId: a.id, memberIds: [b.id] })).conversation;
      const busy = (await store.findOrCreateDirectConversation({ userIds: [a.id, c.id] })).conversation;
      await new Promise((r) => setTimeout(r, 20));
      const since = new Date().toISOString();
      await new Promise((r) => setTimeout(r, 5));
      await store.appendMessage({ conversationId: busy.id, senderId: a.id, text: "one" });
      const group = (await store.createGroupConversation({ name: "new", creatorId: a.id, memberIds: [c.id] })).conversation;
      const added = await store.addMember({ conversationId: group.id, userId: d.id, role: "member" });
      const gone = await store.addMember({ conversationId: group.id, userId: b.id, role: "member" });
      await store.removeMember({ conversationId: group.id, userId: b.id });

      const changes = await store.listChangesSince(since);
      const byId = new Map(changes.map((ch) => [ch.conversationId, ch]));
      expect(byId.has(quiet.id)).toBe(false);
      expect(byId.get(busy.id)).toEqual({ conversationId: busy.id, lastSeq: 2, joined: [] });
      const g = byId.get(group.id)!;
      expect(g.lastSeq).toBe(4);
      // Who is still a member and joined since: the creator and c at seq 1, d at the add.
      expect(g.joined.map((j) => [j.userId, j.joinedSeq]).sort()).toEqual(
        [[a.id, 1], [c.id, 1], [d.id, added!.seq]].sort(),
      );
      expect(gone).not.toBeNull();
    });
  });
}
