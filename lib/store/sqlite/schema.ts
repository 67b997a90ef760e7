import type Database from "better-sqlite3";
import { MENTIONS_UNREAD_MIGRATION, MESSAGE_EXTRAS_MIGRATION } from "./schema-message-extras";

/**
 * Migrations, applied in order at start and tracked with PRAGMA user_version.
 * Append new steps; never edit a released one.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    username_lower TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    display_name_lower TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX users_display_name_lower ON users(display_name_lower);

  CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL CHECK (type IN ('direct', 'group')),
    name TEXT,
    direct_key TEXT UNIQUE,            -- "idA:idB" sorted: one DM per pair
    created_at TEXT NOT NULL,
    last_activity_at TEXT NOT NULL,
    last_seq INTEGER NOT NULL DEFAULT 0 -- the per-conversation sequence counter
  );

  CREATE TABLE members (
    conversation_id TEXT NOT NULL REFERENCES conversations(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    role TEXT NOT NULL CHECK (role IN ('admin', 'member')),
    joined_at TEXT NOT NULL,
    joined_seq INTEGER NOT NULL,
    last_read_seq INTEGER NOT NULL DEFAULT 0,
    UNIQUE (conversation_id, user_id)
  );
  CREATE INDEX members_user ON members(user_id);

  CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations(id),
    seq INTEGER NOT NULL,
    sender_id TEXT NOT NULL REFERENCES users(id),
    text TEXT,
    client_id TEXT,
    created_at TEXT NOT NULL,
    edited_at TEXT,
    deleted_at TEXT,
    UNIQUE (conversation_id, seq)
  );
  CREATE UNIQUE INDEX messages_client_id ON messages(conversation_id, sender_id, client_id)
    WHERE client_id IS NOT NULL;

  -- The conversation event log. Payloads are rebuilt from current state when read,
  -- so erased message text never survives here.
  CREATE TABLE events (
    conversation_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    type TEXT NOT NULL,
    at TEXT NOT NULL,
    message_id TEXT,
    user_id TEXT,
    last_read_seq INTEGER,
    PRIMARY KEY (conversation_id, seq)
  ) WITHOUT ROWID;
  `,
  // Attachment metadata (JSON array) denormalized onto the message, so every read path carries it.
  `ALTER TABLE messages ADD COLUMN attachments TEXT;`,
  MESSAGE_EXTRAS_MIGRATION,
  // Sign-ins, so a session can be ended (sign-out) or revoked (password change) server-side.
  `
  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT
  );
  CREATE INDEX sessions_user ON sessions(user_id, expires_at);
  `,
  // The stream safety net reads what changed since its last pass (listChangesSince).
  `
  CREATE INDEX events_at ON events(at);
  CREATE INDEX members_joined_at ON members(joined_at);
  `,
  // Timeline entries: who made a structural change, and what it set (JSON: name, role,
  // promotedUserId), as of that moment. Read by the partial index, newest first.
  `
  ALTER TABLE events ADD COLUMN actor_id TEXT;
  ALTER TABLE events ADD COLUMN data TEXT;
  CREATE INDEX events_structural ON events(conversation_id, seq)
    WHERE type IN ('conversation.created', 'conversation.updated', 'member.added', 'member.removed');
  `,
  // Public channels: listed by name from a partial index of public groups only.
  `
  ALTER TABLE conversations ADD COLUMN visibility TEXT NOT NULL DEFAULT 'private' CHECK (visibility IN ('private', 'public'));
  CREATE INDEX conversations_public ON conversations(name COLLATE NOCASE) WHERE visibility = 'public';
  `,
  // Search: FTS5 over the message text, kept in step by triggers, so every insert, edit and
  // deletion updates the index inside its own transaction. secure-delete removes a deleted
  // message's words from the index at once instead of leaving them until a merge.
  `
  CREATE VIRTUAL TABLE messages_fts USING fts5(
    text, content = 'messages', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
  );
  INSERT INTO messages_fts(messages_fts, rank) VALUES ('secure-delete', 1);
  INSERT INTO messages_fts(messages_fts) VALUES ('rebuild');
  CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.text IS NOT NULL BEGIN
    INSERT INTO messages_fts(rowid, text) VALUES (new.rowid, new.text);
  END;
  CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, text) SELECT 'delete', old.rowid, old.text WHERE old.text IS NOT NULL;
    INSERT INTO messages_fts(rowid, text) SELECT new.rowid, new.text WHERE new.text IS NOT NULL;
  END;
  CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.text IS NOT NULL BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
  END;
  `,
  // Search, deferred (search-index.ts): a send only queues its rowid; the index takes queued
  // messages in batches (one FTS5 segment per batch instead of one per send, half of a send's
  // store time) and before every search, which therefore still sees every committed message.
  // A message edited or deleted while queued changes nothing in the index: the batch reads its
  // text as it is then, and a deleted one (text NULL) never enters it.
  `
  CREATE TABLE messages_fts_pending (message_rowid INTEGER PRIMARY KEY);
  DROP TRIGGER messages_fts_insert;
  CREATE TRIGGER messages_fts_queue AFTER INSERT ON messages WHEN new.text IS NOT NULL BEGIN
    INSERT INTO messages_fts_pending(message_rowid) VALUES (new.rowid);
  END;
  DROP TRIGGER messages_fts_update;
  CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages
    WHEN NOT EXISTS (SELECT 1 FROM messages_fts_pending WHERE message_rowid = new.rowid) BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, text) SELECT 'delete', old.rowid, old.text WHERE old.text IS NOT NULL;
    INSERT INTO messages_fts(rowid, text) SELECT new.rowid, new.text WHERE new.text IS NOT NULL;
  END;
  DROP TRIGGER messages_fts_delete;
  CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, text) SELECT 'delete', old.rowid, old.text
      WHERE old.text IS NOT NULL AND NOT EXISTS (SELECT 1 FROM messages_fts_pending WHERE message_rowid = old.rowid);
    DELETE FROM messages_fts_pending WHERE message_rowid = old.rowid;
  END;
  `,
  MENTIONS_UNREAD_MIGRATION,
  // The stream's session watch asks for revocations since its last pass (listSessionsRevokedSince).
  `CREATE INDEX IF NOT EXISTS sessions_revoked_at ON sessions(revoked_at) WHERE revoked_at IS NOT NULL;`,
];

export function migrate(db: Database.Database): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  for (let v = current; v < MIGRATIONS.length; v++) {
    // IMMEDIATE, and the version re-read under the lock: another process may be migrating too.
    db.transaction(() => {
      if ((db.pragma("user_version", { simple: true }) as number) > v) return;
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}
