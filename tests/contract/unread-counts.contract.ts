import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UNREAD_COUNT_MAX } from "@/lib/chat/types";
import type { ChatStore } from "@/lib/store/chat-store";

/**
 * Appends `count` messages from senderId mentioning `mentioned` and returns their seqs. The default
 * goes through appendMessage; an adapter whose server appends slowly (FerretDB: a few hundred a
 * second) may copy one appended message in its real database instead.
 */
export type BulkAppend = (store: ChatStore, input: { conversationId: string; senderId: string; mentioned: string; count: number }) => Promise<number[]>;

const appendEach: BulkAppend = async (store, { conversationId, senderId, mentioned, count }) => {
  const seqs: number[] = [];
  for (let i = 0; i < count; i++) {
    const { message } = await store.appendMessage({ conversationId, senderId, text: `@someone ${i}`, mentions: [mentioned] });
    seqs.push(message.seq);
  }
  return seqs;
};

/** Unread and mention counts are exact up to UNREAD_COUNT_MAX and stop there. */
export function unreadCountsContract(name: string, makeStore: () => Promise<ChatStore>, bulkAppend: BulkAppend = appendEach) {
  describe(`ChatStore contract (unread counts): ${name}`, () => {
    let store: ChatStore;
    beforeAll(async () => {
      store = await makeStore();
      await store.init();
    });
    afterAll(async () => store?.close());

    const user = () => store.createUser({ username: `u${randomBytes(6).toString("hex")}`, displayName: "U", passwordHash: "x" });

    it(`stop at ${UNREAD_COUNT_MAX}, and are exact below it`, async () => {
      const [a, b] = await Promise.all([user(), user()]);
      const { conversation } = await store.createGroupConversation({ name: "busy", creatorId: a.id, memberIds: [b.id] });
      const seqs = await bulkAppend(store, { conversationId: conversation.id, senderId: b.id, mentioned: a.id, count: UNREAD_COUNT_MAX + 3 });
      const counts = async () => {
        const c = (await store.listConversationsForUser(a.id)).find((s) => s.id === conversation.id)!;
        return [c.unreadCount, c.mentionCount];
      };
      expect(await counts()).toEqual([UNREAD_COUNT_MAX, UNREAD_COUNT_MAX]);
      await store.markRead({ conversationId: conversation.id, userId: a.id, seq: seqs[9] });
      expect(await counts()).toEqual([UNREAD_COUNT_MAX - 7, UNREAD_COUNT_MAX - 7]);
    }, 120_000);
  });
}
