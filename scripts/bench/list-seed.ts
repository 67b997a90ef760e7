import { randomBytes } from "node:crypto";
import type { User } from "@/lib/chat/types";
import type { ChatStore } from "@/lib/store/chat-store";

/**
 * The conversation list of a busy person, seeded through the store's own API (so every table,
 * entry and counter an adapter keeps is as a real client would leave it): `count` conversations
 * beside the long one, half groups of four and half direct ones, most with a little traffic,
 * some mentioning them, some of their own messages, some read to the end and some not.
 */
export async function seedMemberOfMany(store: ChatStore, me: User, count: number) {
  const tag = randomBytes(3).toString("hex");
  const partners: User[] = [];
  for (let i = 0; i < Math.ceil(count / 2); i++) {
    partners.push(await store.createUser({ username: `p${i}x${tag}`, displayName: `Partner ${i}`, passwordHash: "x" }));
  }
  const stats = { groups: 0, direct: 0, messages: 0, mentions: 0, unreadConversations: 0 };
  for (let i = 0; i < count; i++) {
    const p = partners[i % partners.length];
    const q = partners[(i + 1) % partners.length];
    const conversationId =
      i % 2 === 0
        ? (await store.createGroupConversation({ name: `room ${i}`, creatorId: me.id, memberIds: [p.id, q.id] })).conversation.id
        : (await store.findOrCreateDirectConversation({ userIds: [me.id, partners[(i - 1) / 2].id] })).conversation.id;
    if (i % 2 === 0) stats.groups++;
    else stats.direct++;
    if (i % 4 === 3) continue; // a quiet conversation: nothing said yet
    const other = i % 2 === 0 ? q : partners[(i - 1) / 2];
    const mention = i % 5 === 0;
    await store.appendMessage({ conversationId, senderId: other.id, text: mention ? `@me look at ${i}` : `hello ${i}`, mentions: mention ? [me.id] : [] });
    stats.messages++;
    if (mention) stats.mentions++;
    if (i % 3 === 0) {
      const { message } = await store.appendMessage({ conversationId, senderId: me.id, text: `my answer ${i}` });
      stats.messages++;
      if (i % 6 === 0) await store.markRead({ conversationId, userId: me.id, seq: message.seq }); // read to the end
      else stats.unreadConversations++;
    } else stats.unreadConversations++;
  }
  return stats;
}
