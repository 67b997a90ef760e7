import type { ChannelSummary, ChatEvent, Conversation, Visibility } from "@/lib/chat/types";
import { StoreNotFoundError } from "../chat-store";
import { newId } from "../ids";
import type { MongoConversations } from "./conversations";
import type { EntryLog } from "./entries";
import type { StateFolder } from "./state";
import { structuralEvents } from "./structural";
import type { MongoUsers } from "./users";

/**
 * Public channels. The log holds each group's visibility (conversation.created, then
 * conversation.updated entries); the `visibility` field on the conversation document is only the
 * directory's index, so readers verify every candidate against the folded log. Its update is
 * guarded by the seq it reflects, which real MongoDB applies atomically; FerretDB v1 may let an
 * older change overwrite a newer one in a race, which at worst hides a public group from the
 * directory until its next change, and never lists or lets anyone join a private one.
 */
export class MongoChannels {
  constructor(
    private readonly log: EntryLog,
    private readonly state: StateFolder,
    private readonly conversations: MongoConversations,
    private readonly users: MongoUsers,
  ) {}

  async setVisibility(conversationId: string, visibility: Visibility, actorId?: string): Promise<ChatEvent> {
    const doc = await this.conversations.collection.findOne({ _id: conversationId }, { projection: { type: 1 } });
    if (doc?.type !== "group") throw new StoreNotFoundError("conversation");
    const result = await this.log.append(conversationId, async () => ({
      _id: newId(),
      type: "conversation.updated",
      at: new Date().toISOString(),
      visibility,
      actorId: actorId ?? null,
    }));
    const entry = result!.entry;
    await this.conversations.collection.updateOne(
      { _id: conversationId, $or: [{ visibilitySeq: { $lt: entry.seq } }, { visibilitySeq: { $exists: false } }] },
      { $set: { visibility, visibilitySeq: entry.seq } },
    );
    const snapshot = async (): Promise<Conversation> => (await this.conversations.find(conversationId))!;
    return (await structuralEvents([entry], { users: this.users, snapshot })).get(entry)!;
  }

  async list(input: { query: string; limit: number; userId: string }): Promise<ChannelSummary[]> {
    if (input.limit <= 0) return [];
    const docs = await this.conversations.collection.find({ visibility: "public", type: "group" }).toArray();
    const q = input.query.toLowerCase();
    const found = await Promise.all(
      docs.map(async (doc) => {
        const state = await this.state.at(doc._id, await this.log.maxSeq(doc._id));
        if (state.visibility !== "public" || !(state.name ?? "").toLowerCase().includes(q)) return null;
        const channel: ChannelSummary = {
          id: doc._id,
          name: state.name ?? "",
          visibility: "public",
          memberCount: state.members.size,
          createdAt: doc.createdAt,
          joined: state.members.has(input.userId),
        };
        return channel;
      }),
    );
    return found
      .filter((c): c is ChannelSummary => c !== null)
      .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || (a.id < b.id ? -1 : 1))
      .slice(0, input.limit);
  }
}
