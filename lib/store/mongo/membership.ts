import type { ChatEvent, MemberRole } from "@/lib/chat/types";
import { StoreNotFoundError } from "../chat-store";
import { newId } from "../ids";
import type { EntryDoc } from "./documents";
import type { Draft, EntryLog } from "./entries";
import type { MongoConversations } from "./conversations";
import type { StateFolder } from "./state";
import { structuralEvents } from "./structural";
import type { MongoUsers } from "./users";

/**
 * Renames, membership changes and read markers: each is one log entry whose precondition is
 * checked against the state folded up to the seq it will follow (EntryLog.append), so two
 * concurrent "add Bob" calls log one member.added and a read marker never goes down.
 */
export class MongoMembership {
  constructor(
    private readonly log: EntryLog,
    private readonly state: StateFolder,
    private readonly conversations: MongoConversations,
    private readonly users: MongoUsers,
  ) {}

  async rename(conversationId: string, name: string, actorId?: string): Promise<ChatEvent> {
    const result = await this.log.append(conversationId, async () => ({ ...draft("conversation.updated"), name, actorId: actorId ?? null }));
    return this.event(result!.entry);
  }

  add(conversationId: string, userId: string, role: MemberRole, actorId?: string): Promise<ChatEvent | null> {
    return this.change(conversationId, async (last) => {
      const { members } = await this.state.at(conversationId, last);
      return members.has(userId) ? null : { ...draft("member.added"), userId, role, joins: [userId], actorId: actorId ?? null };
    });
  }

  remove(conversationId: string, userId: string, promoteUserId?: string, actorId?: string): Promise<ChatEvent | null> {
    return this.change(conversationId, async (last) => {
      const { members } = await this.state.at(conversationId, last);
      if (!members.has(userId)) return null;
      const promote = promoteUserId && promoteUserId !== userId && members.has(promoteUserId) ? promoteUserId : null;
      return { ...draft("member.removed"), userId, promoteUserId: promote, actorId: actorId ?? null };
    });
  }

  async markRead(conversationId: string, userId: string, seq: number): Promise<ChatEvent | null> {
    try {
      return await this.change(conversationId, async (last) => {
        const me = (await this.state.at(conversationId, last)).members.get(userId);
        return me && me.lastReadSeq < seq ? { ...draft("read.updated"), userId, lastReadSeq: seq } : null;
      });
    } catch (err) {
      if (err instanceof StoreNotFoundError) return null; // no such conversation: nothing changed
      throw err;
    }
  }

  private async change(conversationId: string, decide: (last: number) => Promise<Draft | null>) {
    const result = await this.log.append(conversationId, decide);
    return result ? this.event(result.entry) : null;
  }

  /** The event as a replay would show it: only what this entry changed. */
  private async event(e: EntryDoc): Promise<ChatEvent> {
    const base = { conversationId: e.conversationId, seq: e.seq, at: e.at };
    if (e.type === "read.updated") return { ...base, type: e.type, userId: e.userId!, lastReadSeq: e.lastReadSeq! };
    const snapshot = async () => {
      const conversation = await this.conversations.find(e.conversationId);
      if (!conversation) throw new StoreNotFoundError("conversation");
      return conversation;
    };
    return (await structuralEvents([e], { users: this.users, snapshot })).get(e)!;
  }
}

function draft(type: EntryDoc["type"]) {
  return { _id: newId(), type, at: new Date().toISOString() };
}
