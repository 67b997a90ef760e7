import type Database from "better-sqlite3";
import type { User, UserCredentials } from "@/lib/chat/types";
import { StoreConflictError } from "../chat-store";
import { newId } from "../ids";
import { toCredentials, toUser, type UserRow } from "./rows";

export class SqliteUsers {
  constructor(private readonly db: Database.Database) {}

  create(input: { username: string; displayName: string; passwordHash: string }): User {
    const row: UserRow = {
      id: newId(),
      username: input.username,
      display_name: input.displayName,
      password_hash: input.passwordHash,
      created_at: new Date().toISOString(),
    };
    try {
      this.db
        .prepare(
          `INSERT INTO users (id, username, username_lower, display_name, display_name_lower, password_hash, created_at)
           VALUES (@id, @username, lower(@username), @display_name, lower(@display_name), @password_hash, @created_at)`,
        )
        .run(row);
    } catch (err) {
      if ((err as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE") throw new StoreConflictError("username");
      throw err;
    }
    return toUser(row);
  }

  credentials(username: string): UserCredentials | null {
    const row = this.db.prepare(`SELECT * FROM users WHERE username_lower = lower(?)`).get(username) as UserRow | undefined;
    return row ? toCredentials(row) : null;
  }

  byId(id: string): User | null {
    const row = this.db.prepare(`SELECT * FROM users WHERE id = ?`).get(id) as UserRow | undefined;
    return row ? toUser(row) : null;
  }

  byIds(ids: string[]): User[] {
    if (ids.length === 0) return [];
    const rows = this.db
      .prepare(`SELECT * FROM users WHERE id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(ids)) as UserRow[];
    return rows.map(toUser);
  }

  search(input: { query: string; limit: number; excludeUserId?: string }): User[] {
    // Prefix ranges use the indexes (LIKE would not, being case-insensitive with an escape).
    const q = input.query.toLowerCase();
    const hi = q + "\uffff";
    const rows = this.db
      .prepare(
        `SELECT * FROM users
         WHERE ((username_lower >= @q AND username_lower < @hi) OR (display_name_lower >= @q AND display_name_lower < @hi))
           AND id != @exclude
         ORDER BY username_lower LIMIT @limit`,
      )
      .all({ q, hi, exclude: input.excludeUserId ?? "", limit: input.limit }) as UserRow[];
    return rows.map(toUser);
  }
}
