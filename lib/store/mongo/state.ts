import type { Collection } from "mongodb";
import type { Member, MemberRole, User, Visibility } from "@/lib/chat/types";
import { STRUCTURAL_TYPES, type EntryDoc } from "./documents";
import { Lru } from "./lru";

export interface MemberState {
  role: MemberRole;
  joinedAt: string;
  joinedSeq: number;
  lastReadSeq: number;
  /** Tie-break among members added by the same entry (creator first, then in given order). */
  pos: number;
}

/** A conversation's name and members as of log position `seq`. Never mutated once built. */
export interface ConversationState {
  seq: number;
  name: string | null;
  visibility: Visibility;
  members: ReadonlyMap<string, MemberState>;
}

const STATE_TYPES = [...STRUCTURAL_TYPES, "read.updated"];

/**
 * Folds conversation state from the log. Entries never change (erasing text touches no state
 * field), so the fold of a prefix stays true forever: it is cached per process and extended with
 * the entries after it, which is usually one query returning nothing.
 */
export class StateFolder {
  private readonly cache = new Lru<string, ConversationState>(5_000);

  constructor(private readonly entries: Collection<EntryDoc>) {}

  /** The state after every entry ≤ upTo (the caller guarantees they all exist). */
  async at(conversationId: string, upTo: number): Promise<ConversationState> {
    const cached = this.cache.get(conversationId);
    if (cached && cached.seq === upTo) return cached;
    const state =
      cached && cached.seq < upTo
        ? fold(cached, await this.read(conversationId, STATE_TYPES, cached.seq, upTo), upTo)
        : await this.cold(conversationId, upTo);
    if (!cached || state.seq > cached.seq) this.cache.set(conversationId, state);
    return state;
  }

  /** A state folded elsewhere from the same log (conversation-head.ts): kept when it is newer. */
  remember(conversationId: string, state: ConversationState) {
    const cached = this.cache.get(conversationId);
    if (!cached || state.seq > cached.seq) this.cache.set(conversationId, state);
  }

  /**
   * Structural entries first (few), then each member's latest read marker by index: the log of
   * read markers grows with every read and is never scanned whole.
   */
  private async cold(conversationId: string, upTo: number): Promise<ConversationState> {
    const structural = fold(EMPTY, await this.read(conversationId, STRUCTURAL_TYPES, 0, upTo), upTo);
    const members = new Map(structural.members);
    await Promise.all(
      [...members].map(async ([userId, m]) => {
        const read = await this.entries.findOne(
          { conversationId, userId, type: "read.updated", seq: { $gt: m.joinedSeq, $lte: upTo } },
          { sort: { seq: -1 }, projection: { lastReadSeq: 1 } },
        );
        if (read) members.set(userId, { ...m, lastReadSeq: read.lastReadSeq ?? 0 });
      }),
    );
    return { ...structural, members };
  }

  private read(conversationId: string, types: string[], after: number, upTo: number) {
    return this.entries
      .find({ conversationId, type: { $in: types as EntryDoc["type"][] }, seq: { $gt: after, $lte: upTo } })
      .sort({ seq: 1 })
      .toArray();
  }
}

const EMPTY: ConversationState = { seq: 0, name: null, visibility: "private", members: new Map() };

export function fold(from: ConversationState, entries: EntryDoc[], upTo: number): ConversationState {
  let name = from.name;
  let visibility = from.visibility;
  const members = new Map(from.members);
  for (const e of entries) {
    switch (e.type) {
      case "conversation.created":
        name = e.name ?? null;
        visibility = e.visibility ?? "private";
        (e.members ?? []).forEach((m, pos) => members.set(m.userId, member(m.role, e, pos)));
        break;
      case "conversation.updated":
        if (typeof e.name === "string") name = e.name;
        if (e.visibility) visibility = e.visibility;
        break;
      case "member.added":
        members.set(e.userId!, member(e.role ?? "member", e, 0));
        break;
      case "member.removed": {
        members.delete(e.userId!);
        const promoted = e.promoteUserId ? members.get(e.promoteUserId) : undefined;
        if (promoted) members.set(e.promoteUserId!, { ...promoted, role: "admin" });
        break;
      }
      case "read.updated": {
        const m = members.get(e.userId!);
        if (m && (e.lastReadSeq ?? 0) > m.lastReadSeq) members.set(e.userId!, { ...m, lastReadSeq: e.lastReadSeq! });
        break;
      }
    }
  }
  return { seq: upTo, name, visibility, members };
}

function member(role: MemberRole, e: EntryDoc, pos: number): MemberState {
  return { role, joinedAt: e.at, joinedSeq: e.seq, lastReadSeq: 0, pos };
}

/** Members ordered by joinedSeq (longest-standing first), with names joined from users. */
export function toMembers(state: ConversationState, users: Map<string, User>): Member[] {
  return [...state.members]
    .sort(([, a], [, b]) => a.joinedSeq - b.joinedSeq || a.pos - b.pos)
    .map(([userId, m]) => ({
      userId,
      username: users.get(userId)?.username ?? "",
      displayName: users.get(userId)?.displayName ?? "",
      role: m.role,
      joinedAt: m.joinedAt,
      joinedSeq: m.joinedSeq,
      lastReadSeq: m.lastReadSeq,
    }));
}
