import type Database from "better-sqlite3";
import type { AuthSession } from "@/lib/chat/types";
import { newId } from "../ids";

interface SessionRow {
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

const toSession = (r: SessionRow): AuthSession => ({
  id: r.id,
  userId: r.user_id,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
});

export class SqliteSessions {
  constructor(private readonly db: Database.Database) {}

  create(input: { userId: string; expiresAt: string }): AuthSession {
    const now = new Date().toISOString();
    const row: SessionRow = { id: newId(), user_id: input.userId, created_at: now, expires_at: input.expiresAt, revoked_at: null };
    this.db.transaction(() => {
      // Each sign-in adds a row; the user's expired ones go at the same time, so rows stay few.
      this.db.prepare(`DELETE FROM sessions WHERE user_id = ? AND expires_at < ?`).run(input.userId, now);
      this.db
        .prepare(`INSERT INTO sessions (id, user_id, created_at, expires_at, revoked_at) VALUES (@id, @user_id, @created_at, @expires_at, NULL)`)
        .run(row);
    }).immediate();
    return toSession(row);
  }

  find(id: string): AuthSession | null {
    const row = this.db.prepare(`SELECT * FROM sessions WHERE id = ?`).get(id) as SessionRow | undefined;
    return row ? toSession(row) : null;
  }

  revokedSince(since: string): string[] {
    const rows = this.db.prepare(`SELECT id FROM sessions WHERE revoked_at > ?`).all(since) as { id: string }[];
    return rows.map((r) => r.id);
  }

  revoke(input: { userId: string; sessionId?: string; exceptSessionId?: string }): number {
    const { changes } = this.db
      .prepare(
        `UPDATE sessions SET revoked_at = @now
         WHERE user_id = @userId AND revoked_at IS NULL
           AND (@sessionId IS NULL OR id = @sessionId)
           AND (@exceptId IS NULL OR id != @exceptId)`,
      )
      .run({ now: new Date().toISOString(), userId: input.userId, sessionId: input.sessionId ?? null, exceptId: input.exceptSessionId ?? null });
    return changes;
  }
}
