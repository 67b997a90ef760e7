import type { Collection, Db, IndexDescription } from "mongodb";
import type { User, UserCredentials } from "@/lib/chat/types";
import { StoreConflictError, StoreNotFoundError } from "../chat-store";
import { newId } from "../ids";
import { isDuplicateKey, toCredentials, toUser, type UserDoc } from "./documents";
import { ensureIndexes } from "./indexes";
import { Lru } from "./lru";

const INDEXES: IndexDescription[] = [
  // Case-insensitive uniqueness and login lookup.
  { key: { usernameLower: 1 }, name: "username_lower_unique", unique: true },
  // Prefix search on display names (usernames use the index above).
  { key: { displayNameLower: 1 }, name: "display_name_lower" },
];

const CACHE_MS = 10_000;

export class MongoUsers {
  readonly collection: Collection<UserDoc>;
  /**
   * Member names and the user behind each request's session, cached per process for a short
   * while: a display name can change, and another instance's change is dropped from it when its
   * member.updated arrives over the bus (forget), and CACHE_MS bounds what a lost event (or a
   * rename by someone in no conversation, which logs none) could leave stale.
   */
  private readonly cache = new Lru<string, { user: User; at: number }>(50_000);

  constructor(db: Db) {
    this.collection = db.collection<UserDoc>("users");
  }

  async init() {
    await ensureIndexes(this.collection, INDEXES);
  }

  async create(input: { username: string; displayName: string; passwordHash: string }): Promise<User> {
    const doc: UserDoc = {
      _id: newId(),
      username: input.username,
      usernameLower: input.username.toLowerCase(),
      displayName: input.displayName,
      displayNameLower: input.displayName.toLowerCase(),
      passwordHash: input.passwordHash,
      createdAt: new Date().toISOString(),
    };
    try {
      await this.collection.insertOne(doc);
    } catch (err) {
      if (isDuplicateKey(err)) throw new StoreConflictError("username");
      throw err;
    }
    return toUser(doc);
  }

  async credentials(username: string): Promise<UserCredentials | null> {
    const doc = await this.collection.findOne({ usernameLower: username.toLowerCase() });
    return doc ? toCredentials(doc) : null;
  }

  async byId(id: string): Promise<User | null> {
    const doc = await this.collection.findOne({ _id: id });
    return doc ? toUser(doc) : null;
  }

  async byIds(ids: string[]): Promise<User[]> {
    if (ids.length === 0) return [];
    const docs = await this.collection.find({ _id: { $in: [...new Set(ids)] } }).toArray();
    return docs.map(toUser);
  }

  /** Id → user, for joining member names into conversation snapshots. */
  async mapByIds(ids: string[]): Promise<Map<string, User>> {
    const found = new Map<string, User>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const hit = this.cache.get(id);
      if (hit && Date.now() - hit.at < CACHE_MS) found.set(id, hit.user);
      else missing.push(id);
    }
    for (const u of await this.byIds(missing)) {
      this.cache.set(u.id, { user: u, at: Date.now() });
      found.set(u.id, u);
    }
    return found;
  }

  /**
   * One-field updates. FerretDB v1 rewrites the whole document, so a name change racing a
   * password change of the same account could undo one of them; both are the account owner's own
   * rare, deliberate actions, and the answer of each reports what was stored.
   */
  async updateDisplayName(id: string, displayName: string): Promise<User> {
    const res = await this.collection.updateOne({ _id: id }, { $set: { displayName, displayNameLower: displayName.toLowerCase() } });
    if (res.matchedCount === 0) throw new StoreNotFoundError("user");
    const user = (await this.byId(id))!;
    this.cache.set(id, { user, at: Date.now() });
    return user;
  }

  forget(id: string) {
    this.cache.delete(id);
  }

  async updatePasswordHash(id: string, passwordHash: string): Promise<void> {
    const res = await this.collection.updateOne({ _id: id }, { $set: { passwordHash } });
    if (res.matchedCount === 0) throw new StoreNotFoundError("user");
  }

  async search(input: { query: string; limit: number; excludeUserId?: string }): Promise<User[]> {
    if (input.limit <= 0) return [];
    // Anchored regex on the lower-cased copies: a prefix match that an index can serve.
    const prefix = new RegExp(`^${escapeRegExp(input.query.toLowerCase())}`);
    const docs = await this.collection
      .find({
        $or: [{ usernameLower: prefix }, { displayNameLower: prefix }],
        ...(input.excludeUserId ? { _id: { $ne: input.excludeUserId } } : {}),
      })
      .sort({ usernameLower: 1 })
      .limit(input.limit)
      .toArray();
    return docs.map(toUser);
  }
}

function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
