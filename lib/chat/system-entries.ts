import type { ChatEvent, SystemEntry, TimelineItem, Visibility } from "./types";

/** The event types that appear in the timeline as system entries. */
export const SYSTEM_EVENT_TYPES = ["conversation.created", "conversation.updated", "member.added", "member.removed"] as const;

/** The minimal facts a store keeps about a structural change, from which its entry is derived. */
export interface StructuralRecord {
  conversationId: string;
  seq: number;
  at: string;
  type: (typeof SYSTEM_EVENT_TYPES)[number];
  actorId: string | null;
  userId: string | null;
  name: string | null;
  promotedUserId: string | null;
  /** conversation.updated: the visibility it set, if that is what changed. */
  visibility?: Visibility | null;
}

export function systemEntry(r: StructuralRecord): SystemEntry {
  const self = r.actorId !== null && r.actorId === r.userId;
  const action: SystemEntry["action"] =
    r.type === "conversation.created"
      ? "created"
      : r.type === "conversation.updated"
        ? r.visibility
          ? "visibility"
          : "renamed"
        : r.type === "member.added"
          ? self
            ? "joined"
            : "added"
          : self
            ? "left"
            : "removed";
  return {
    kind: "system",
    conversationId: r.conversationId,
    seq: r.seq,
    at: r.at,
    action,
    actorId: r.actorId,
    userId: r.type === "member.added" || r.type === "member.removed" ? r.userId : null,
    name: r.type === "conversation.created" || r.type === "conversation.updated" ? r.name : null,
    promotedUserId: r.type === "member.removed" ? r.promotedUserId : null,
    visibility: r.type === "conversation.updated" ? (r.visibility ?? null) : null,
  };
}

/** The timeline entry a live event stands for, or null for messages and read markers. */
export function systemEntryFromEvent(e: ChatEvent): SystemEntry | null {
  const base = { conversationId: e.conversationId, seq: e.seq, at: e.at, userId: null, name: null, promotedUserId: null };
  switch (e.type) {
    case "conversation.created":
      return systemEntry({ ...base, type: e.type, actorId: e.actorId, name: e.conversation.name });
    case "conversation.updated":
      if (e.changes.visibility) return systemEntry({ ...base, type: e.type, actorId: e.actorId, visibility: e.changes.visibility });
      if (e.changes.name === undefined) return null;
      return systemEntry({ ...base, type: e.type, actorId: e.actorId, name: e.changes.name });
    case "member.added":
      return systemEntry({ ...base, type: e.type, actorId: e.actorId, userId: e.userId });
    case "member.removed":
      return systemEntry({ ...base, type: e.type, actorId: e.actorId, userId: e.userId, promotedUserId: e.promotedUserId });
    default:
      return null;
  }
}

export function isSystemEntry(item: TimelineItem): item is SystemEntry {
  return (item as SystemEntry).kind === "system";
}
