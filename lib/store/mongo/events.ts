import type { ChatEvent, Conversation, Message } from "@/lib/chat/types";
import type { EntryDoc } from "./documents";
import type { EntryLog } from "./entries";
import type { MongoMessages } from "./messages";
import { structuralEvents } from "./structural";
import type { MongoUsers } from "./users";

/**
 * Public events from log entries of one conversation, built from the current state: a message
 * changed since shows its current text (null once deleted — the text is gone), snapshots show
 * the current name and members. Entries never carry text that outlives a deletion.
 */
export async function toEvents(
  entries: EntryDoc[],
  deps: { log: EntryLog; messages: MongoMessages; users: MongoUsers; snapshot: () => Promise<Conversation | null> },
): Promise<ChatEvent[]> {
  const created = entries.filter((e) => e.type === "message.created");
  const inBatch = new Set(created.map((e) => e._id));
  const referenced = [...new Set(entries.flatMap((e) => (e.messageId && !inBatch.has(e.messageId) ? [e.messageId] : [])))];
  if (referenced.length > 0) created.push(...(await deps.log.collection.find({ _id: { $in: referenced } }).toArray()));
  const messages = new Map<string, Message>((await deps.messages.current(created)).map((m) => [m.id, m]));

  let conversation: Conversation | null | undefined;
  const current = async () => {
    conversation ??= await deps.snapshot();
    if (!conversation) throw new Error(`log of a missing conversation ${entries[0]?.conversationId}`);
    return conversation;
  };
  const structural = await structuralEvents(entries, { users: deps.users, snapshot: current });
  const message = (id: string) => {
    const m = messages.get(id);
    if (!m) throw new Error(`log entry refers to a missing message ${id}`);
    return m;
  };

  const events: ChatEvent[] = [];
  for (const e of entries) {
    const base = { conversationId: e.conversationId, seq: e.seq, at: e.at };
    switch (e.type) {
      case "message.created":
        events.push({ ...base, type: e.type, message: message(e._id) });
        break;
      case "message.updated":
      case "message.deleted":
        events.push({ ...base, type: e.type, message: message(e.messageId!) });
        break;
      case "conversation.created":
      case "conversation.updated":
      case "member.added":
      case "member.removed":
        events.push(structural.get(e)!);
        break;
      case "read.updated":
        events.push({ ...base, type: e.type, userId: e.userId!, lastReadSeq: e.lastReadSeq! });
        break;
      case "member.updated": {
        // The name as set by this entry: another instance's user cache may still hold the old one.
        const u = (await deps.users.mapByIds([e.userId!])).get(e.userId!);
        events.push({ ...base, type: e.type, userId: e.userId!, username: u?.username ?? "", displayName: e.name ?? u?.displayName ?? "" });
        break;
      }
      case "reaction.added":
      case "reaction.removed":
        events.push({ ...base, type: e.type, userId: e.userId!, emoji: e.emoji!, message: message(e.messageId!) });
        break;
    }
  }
  return events;
}
