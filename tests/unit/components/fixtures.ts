import type { ConversationSummary, Member, Message, User } from "@/lib/chat/types";

export const alice: User = { id: "u_alice", username: "alice", displayName: "Alice Smith", createdAt: "2025-01-01T00:00:00.000Z" };
export const bob: User = { id: "u_bob", username: "bob", displayName: "Bob Jones", createdAt: "2025-01-01T00:00:00.000Z" };
export const carol: User = { id: "u_carol", username: "carol", displayName: "Carol King", createdAt: "2025-01-01T00:00:00.000Z" };

export function member(u: User, role: Member["role"] = "member", lastReadSeq = 0): Member {
  return { userId: u.id, username: u.username, displayName: u.displayName, role, joinedAt: u.createdAt, joinedSeq: 1, lastReadSeq };
}

export function message(over: Partial<Message> & { seq: number }): Message {
  return {
    id: `m${over.seq}`,
    conversationId: "c1",
    senderId: bob.id,
    text: `message ${over.seq}`,
    clientId: null,
    createdAt: "2025-03-01T10:00:00.000Z",
    editedAt: null,
    deletedAt: null,
    attachments: [],
    reactions: [],
    replyTo: null,
    mentions: [],
    ...over,
  };
}

export function summary(over: Partial<ConversationSummary> & { id: string }): ConversationSummary {
  return {
    type: "direct",
    name: null,
    visibility: "private",
    createdAt: "2025-03-01T09:00:00.000Z",
    lastActivityAt: "2025-03-01T09:00:00.000Z",
    lastSeq: 1,
    members: [member(alice), member(bob)],
    lastMessage: null,
    unreadCount: 0,
    mentionCount: 0,
    ...over,
  };
}
