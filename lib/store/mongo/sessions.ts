import type { Collection, Db, IndexDescription } from "mongodb";
import type { AuthSession } from "@/lib/chat/types";
import { newId } from "../ids";
import { ensureIndexes } from "./indexes";

interface SessionDoc {
  _id: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

const INDEXES: IndexDescription[] = [
  { key: { userId: 1, expiresAt: 1 }, name: "user_expires" },
  { key: { revokedAt: 1 }, name: "revoked_at" },
];

const toSession = (d: SessionDoc): AuthSession => ({
  id: d._id,
  userId: d.userId,
  createdAt: d.createdAt,
  expiresAt: d.expiresAt,
  revokedAt: d.revokedAt ?? null,
});

/**
 * One document per sign-in. Revocation is the one in-place update, and it is safe on FerretDB's
 * non-atomic updates: every writer sets the same field from null to a time, nothing else changes.
 */
export class MongoSessions {
  private readonly collection: Collection<SessionDoc>;

  constructor(db: Db) {
    this.collection = db.collection<SessionDoc>("sessions");
  }

  async init() {
    await ensureIndexes(this.collection, INDEXES);
  }

  async create(input: { userId: string; expiresAt: string }): Promise<AuthSession> {
    const now = new Date().toISOString();
    const doc: SessionDoc = { _id: newId(), userId: input.userId, createdAt: now, expiresAt: input.expiresAt, revokedAt: null };
    await this.collection.deleteMany({ userId: input.userId, expiresAt: { $lt: now } });
    await this.collection.insertOne(doc);
    return toSession(doc);
  }

  async find(id: string): Promise<AuthSession | null> {
    const doc = await this.collection.findOne({ _id: id });
    return doc ? toSession(doc) : null;
  }

  async revokedSince(since: string): Promise<string[]> {
    const docs = await this.collection.find({ revokedAt: { $gt: since } }, { projection: { _id: 1 } }).toArray();
    return docs.map((d) => d._id);
  }

  async revoke(input: { userId: string; sessionId?: string; exceptSessionId?: string }): Promise<number> {
    const idFilter = input.sessionId !== undefined ? { _id: input.sessionId } : input.exceptSessionId !== undefined ? { _id: { $ne: input.exceptSessionId } } : {};
    const { modifiedCount } = await this.collection.updateMany(
      { userId: input.userId, revokedAt: null, ...idFilter },
      { $set: { revokedAt: new Date().toISOString() } },
    );
    return modifiedCount;
  }
}
