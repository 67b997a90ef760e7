import Database from "better-sqlite3";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SqliteChatStore } from "@/lib/store/sqlite";
import { MIGRATIONS } from "@/lib/store/sqlite/schema";
import { MENTIONS_UNREAD_MIGRATION } from "@/lib/store/sqlite/schema-message-extras";

/**
 * A database from before mentions carried `by_sender`: the migration marks the existing
 * self-mentions, so the list (which no longer joins the message) still never counts them.
 */
describe("SQLite migration: mentions of the sender by themselves", () => {
  it("marks existing self-mentions, so they stay out of the unread-mention count", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chat-mentions-migration-"));
    const file = path.join(dir, "chat.db");
    try {
      let store = new SqliteChatStore(`file:${file}`);
      await store.init();
      const a = await store.createUser({ username: "a", displayName: "A", passwordHash: "x" });
      const b = await store.createUser({ username: "b", displayName: "B", passwordHash: "x" });
      const { conversation } = await store.createGroupConversation({ name: "g", creatorId: a.id, memberIds: [b.id] });
      await store.appendMessage({ conversationId: conversation.id, senderId: a.id, text: "me and b", mentions: [a.id, b.id] });
      await store.close();

      // Back to the schema before that migration: no by_sender column, the old index, and the
      // version that makes it (and the later ones, which are re-runnable) run again.
      const raw = new Database(file);
      const version = raw.pragma("user_version", { simple: true }) as number;
      expect(version).toBe(MIGRATIONS.length);
      raw.exec(`
        DROP INDEX mentions_unread;
        ALTER TABLE mentions DROP COLUMN by_sender;
        CREATE INDEX mentions_user_conversation_seq ON mentions(user_id, conversation_id, seq);
      `);
      raw.pragma(`user_version = ${MIGRATIONS.indexOf(MENTIONS_UNREAD_MIGRATION)}`);
      raw.close();

      store = new SqliteChatStore(`file:${file}`);
      await store.init();
      const mentions = async (userId: string) => (await store.listConversationsForUser(userId)).find((c) => c.id === conversation.id)!.mentionCount;
      expect(await mentions(a.id)).toBe(0);
      expect(await mentions(b.id)).toBe(1);
      await store.close();
      const check = new Database(file, { readonly: true });
      expect(check.pragma("user_version", { simple: true })).toBe(version);
      expect(check.prepare(`SELECT user_id, by_sender FROM mentions ORDER BY pos`).all()).toEqual([
        { user_id: a.id, by_sender: 1 },
        { user_id: b.id, by_sender: 0 },
      ]);
      check.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
