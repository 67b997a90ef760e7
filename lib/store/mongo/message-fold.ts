import type { Message, ReplyRef } from "@/lib/chat/types";
import { groupReactions, replyExcerpt } from "@/lib/chat/message-shape";
import type { EntryDoc } from "./documents";

/** A message as it was created (its own entry only). */
export function fromCreated(c: EntryDoc): Message {
  return {
    id: c._id,
    conversationId: c.conversationId,
    seq: c.seq,
    senderId: c.senderId!,
    text: c.text ?? null,
    clientId: c.clientId ?? null,
    createdAt: c.at,
    editedAt: null,
    deletedAt: null,
    attachments: c.attachments ?? [],
    reactions: [],
    replyTo: null,
    mentions: c.mentions ?? [],
  };
}

/**
 * The current state of a message: its created entry and every later entry about it, in seq order
 * (edits, the deletion, reactions). A deletion is final and takes reactions and mentions with it.
 */
export function foldMessage(created: EntryDoc, changes: EntryDoc[]): Message {
  const message = fromCreated(created);
  let reactions: { emoji: string; userId: string }[] = [];
  const same = (r: { emoji: string; userId: string }, c: EntryDoc) => r.emoji === c.emoji && r.userId === c.userId;
  for (const c of changes) {
    if (message.deletedAt) break;
    switch (c.type) {
      case "message.updated":
        Object.assign(message, { text: c.text ?? null, editedAt: c.at });
        if (c.mentions) message.mentions = c.mentions;
        break;
      case "message.deleted":
        Object.assign(message, { text: null, attachments: [], deletedAt: c.at, mentions: [] });
        reactions = [];
        break;
      case "reaction.added":
        if (!reactions.some((r) => same(r, c))) reactions.push({ emoji: c.emoji!, userId: c.userId! });
        break;
      case "reaction.removed":
        reactions = reactions.filter((r) => !same(r, c));
        break;
    }
  }
  message.reactions = groupReactions(reactions);
  return message;
}

export function toReplyRef(parent: Message | undefined, id: string): ReplyRef {
  if (!parent) return { id, seq: 0, senderId: "", excerpt: null, deleted: true };
  const deleted = parent.deletedAt !== null || parent.text === null;
  return { id, seq: parent.seq, senderId: parent.senderId, excerpt: deleted ? null : replyExcerpt(parent.text!), deleted };
}
