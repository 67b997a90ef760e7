import type { ChatEvent, Conversation, Member, SystemEntry, User } from "@/lib/chat/types";
import { SYSTEM_EVENT_TYPES, systemEntry } from "@/lib/chat/system-entries";
import type { EntryDoc } from "./documents";
import type { EntryLog } from "./entries";
import type { MongoUsers } from "./users";

/**
 * Structural events from their log entries. They carry only what the entry changed (the new
 * name, the added member, who was promoted): no conversation snapshot, except on creation.
 */
export async function structuralEvents(
  entries: EntryDoc[],
  deps: { users: MongoUsers; snapshot: () => Promise<Conversation> },
): Promise<Map<EntryDoc, ChatEvent>> {
  const added = entries.filter((e) => e.type === "member.added").map((e) => e.userId!);
  const users = added.length ? await deps.users.mapByIds(added) : new Map<string, User>();
  const out = new Map<EntryDoc, ChatEvent>();
  for (const e of entries) {
    const base = { conversationId: e.conversationId, seq: e.seq, at: e.at, actorId: e.actorId ?? null };
    switch (e.type) {
      case "conversation.created":
        out.set(e, { ...base, type: e.type, actorId: e.actorId ?? e.members?.[0]?.userId ?? null, conversation: await deps.snapshot() });
        break;
      case "conversation.updated":
        out.set(e, {
          ...base,
          type: e.type,
          changes: { ...(typeof e.name === "string" ? { name: e.name } : {}), ...(e.visibility ? { visibility: e.visibility } : {}) },
        });
        break;
      case "member.added":
        out.set(e, { ...base, type: e.type, userId: e.userId!, member: addedMember(e, users.get(e.userId!)) });
        break;
      case "member.removed":
        out.set(e, { ...base, type: e.type, userId: e.userId!, promotedUserId: e.promoteUserId ?? null });
        break;
    }
  }
  return out;
}

function addedMember(e: EntryDoc, user: User | undefined): Member {
  return {
    userId: e.userId!,
    username: user?.username ?? "",
    displayName: user?.displayName ?? "",
    role: e.role ?? "member",
    joinedAt: e.at,
    joinedSeq: e.seq,
    lastReadSeq: 0,
  };
}

/** Structural entries as timeline entries, newest first (index conversation_type_seq). */
export async function listSystemEntries(
  log: EntryLog,
  input: { conversationId: string; beforeSeq?: number; limit: number },
): Promise<SystemEntry[]> {
  if (input.limit <= 0) return [];
  const entries = await log.collection
    .find({
      conversationId: input.conversationId,
      type: { $in: [...SYSTEM_EVENT_TYPES] },
      ...(input.beforeSeq !== undefined ? { seq: { $lt: input.beforeSeq } } : {}),
    })
    .sort({ seq: -1 })
    .limit(input.limit)
    .toArray();
  return entries.map((e) =>
    systemEntry({
      conversationId: e.conversationId,
      seq: e.seq,
      at: e.at,
      type: e.type as (typeof SYSTEM_EVENT_TYPES)[number],
      actorId: e.actorId ?? (e.type === "conversation.created" ? (e.members?.[0]?.userId ?? null) : null),
      userId: e.userId ?? null,
      name: e.name ?? null,
      promotedUserId: e.promoteUserId ?? null,
      visibility: e.type === "conversation.updated" ? (e.visibility ?? null) : null,
    }),
  );
}
