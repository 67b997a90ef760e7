import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Attachment } from "@/lib/chat/types";
import type { ChatStore } from "@/lib/store/chat-store";

/** Attachment metadata on messages, through the ChatStore port (every adapter). */
export function messageAttachmentsContract(name: string, makeStore: () => Promise<ChatStore>) {
  describe(`ChatStore attachments contract: ${name}`, () => {
    let store: ChatStore;
    beforeAll(async () => {
      store = await makeStore();
      await store.init();
    });
    afterAll(async () => {
      await store?.close();
    });

    const tag = () => randomBytes(6).toString("hex");
    const setup = async () => {
      const [a, b] = await Promise.all(
        [1, 2].map(() => store.createUser({ username: `t${tag()}`, displayName: "T", passwordHash: "x" })),
      );
      const { conversation } = await store.createGroupConversation({ name: "Files", creatorId: a.id, memberIds: [b.id] });
      return { a, conversation };
    };
    const files: Attachment[] = [
      { id: "f1aaaaaaaaaaaaaaaaaaaa", name: "cat.png", size: 1234, contentType: "image/png", width: 64, height: 48 },
      { id: "f2aaaaaaaaaaaaaaaaaaaa", name: "plan.pdf", size: 99, contentType: "application/pdf" },
    ];

    it("a message carries its attachments on every read path, under the id given", async () => {
      const { a, conversation } = await setup();
      const id = randomBytes(16).toString("base64url");
      const { message, event } = await store.appendMessage({ conversationId: conversation.id, senderId: a.id, text: "", id, attachments: files });
      expect(message).toMatchObject({ id, text: "", attachments: files });
      expect(event?.type === "message.created" && event.message.attachments).toEqual(files);
      expect((await store.findMessage(id))?.attachments).toEqual(files);
      expect((await store.listMessages({ conversationId: conversation.id, limit: 5 }))[0].attachments).toEqual(files);
      const [created] = (await store.listEventsSince({ conversationId: conversation.id, afterSeq: 0, limit: 10 })).filter(
        (e) => e.type === "message.created",
      );
      expect(created.type === "message.created" && created.message.attachments).toEqual(files);
      const summary = (await store.listConversationsForUser(a.id)).find((c) => c.id === conversation.id);
      expect(summary?.lastMessage?.attachments).toEqual(files);
    });

    it("a message without attachments has an empty list; an idempotent retry returns the first", async () => {
      const { a, conversation } = await setup();
      const plain = await store.appendMessage({ conversationId: conversation.id, senderId: a.id, text: "hi" });
      expect(plain.message.attachments).toEqual([]);
      const first = await store.appendMessage({ conversationId: conversation.id, senderId: a.id, text: "x", clientId: "c1", id: "idAAAAAAAAAAAAAAAAAAAA", attachments: files });
      const retry = await store.appendMessage({ conversationId: conversation.id, senderId: a.id, text: "x", clientId: "c1", id: "idAAAAAAAAAAAAAAAAAAAA", attachments: files });
      expect(retry.event).toBeNull();
      expect(retry.message).toEqual(first.message);
    });

    it("deleting a message erases its attachment metadata", async () => {
      const { a, conversation } = await setup();
      const { message } = await store.appendMessage({ conversationId: conversation.id, senderId: a.id, text: "see", attachments: files });
      const { message: tomb, event } = await store.deleteMessage({ messageId: message.id });
      expect(tomb.attachments).toEqual([]);
      expect(event.type === "message.deleted" && event.message.attachments).toEqual([]);
      expect((await store.findMessage(message.id))?.attachments).toEqual([]);
      const [ev] = (await store.listEventsSince({ conversationId: conversation.id, afterSeq: 0, limit: 10 })).filter((e) => e.type === "message.created");
      expect(ev.type === "message.created" && ev.message.attachments).toEqual([]);
    });
  });
}
