import type { Db } from "mongodb";
import { MongoSessions } from "./sessions";
import { MongoUsers } from "./users";

/**
 * The accounts half of the Mongo ChatStore: users and sign-ins, which touch no conversation log
 * (except a rename, which index.ts logs). A base class so that index.ts stays about the logs.
 */
export class MongoAccounts {
  protected readonly users: MongoUsers;
  protected readonly sessions: MongoSessions;

  constructor(db: Db) {
    this.users = new MongoUsers(db);
    this.sessions = new MongoSessions(db);
  }

  protected async initAccounts() {
    await this.users.init(); // one collection at a time: see init() in index.ts
    await this.sessions.init();
  }

  createUser(input: { username: string; displayName: string; passwordHash: string }) {
    return this.users.create(input);
  }
  findUserCredentials(username: string) {
    return this.users.credentials(username);
  }
  findUserById(id: string) {
    return this.users.byId(id);
  }
  findUsersByIds(ids: string[]) {
    return this.users.byIds(ids);
  }
  userChanged(userId: string) {
    this.users.forget(userId);
  }
  updatePasswordHash({ userId, passwordHash }: { userId: string; passwordHash: string }) {
    return this.users.updatePasswordHash(userId, passwordHash);
  }
  searchUsers(input: { query: string; limit: number; excludeUserId?: string }) {
    return this.users.search(input);
  }

  createSession(input: { userId: string; expiresAt: string }) {
    return this.sessions.create(input);
  }
  findSession(id: string) {
    return this.sessions.find(id);
  }
  /**
   * One round trip per request: the session is read as stored (a revocation counts at once), the
   * user comes from the cache that member lists use (users.ts: a rename elsewhere drops it when
   * its member.updated arrives, and it expires after 10 s in case that event is lost).
   */
  async findSessionUser({ sessionId, userId }: { sessionId: string; userId: string }) {
    const [session, users] = await Promise.all([this.sessions.find(sessionId), this.users.mapByIds([userId])]);
    return { session, user: users.get(userId) ?? null };
  }
  revokeSessions(input: { userId: string; sessionId?: string; exceptSessionId?: string }) {
    return this.sessions.revoke(input);
  }
  listSessionsRevokedSince(since: string) {
    return this.sessions.revokedSince(since);
  }
}
