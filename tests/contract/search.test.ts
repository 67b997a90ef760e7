import { expect, it } from "vitest";
import { queryTerms } from "@/lib/chat/search-terms";
import type { Message } from "@/lib/chat/types";
import { forEachAdapter, newUser } from "./adapters";

forEachAdapter("search", (store) => {
  const search = (conversationIds: string[], q: string, limit = 20, before?: string) =>
    store().searchMessages({ conversationIds, terms: queryTerms(q), limit, before });
  const texts = (ms: Message[]) => ms.map((m) => m.text);

  it("matches words and prefixes without case or accents, newest first, only in the given conversations", async () => {
    const [a, b] = await Promise.all([newUser(store()), newUser(store())]);
    const { conversation: g } = await store().createGroupConversation({ name: "S", creatorId: a.id, memberIds: [b.id] });
    const { conversation: other } = await store().createGroupConversation({ name: "O", creatorId: b.id, memberIds: [] });
    const send = async (conversationId: string, text: string) => (await store().appendMessage({ conversationId, senderId: a.id, text })).message;
    await send(g.id, "Deploying the Café release");
    await send(g.id, "nothing to see");
    await send(g.id, "deploy done; CAFE closed");
    await send(other.id, "deploy elsewhere at the cafe");

    expect(texts((await search([g.id], "deploy")).messages)).toEqual(["deploy done; CAFE closed", "Deploying the Café release"]);
    expect(texts((await search([g.id], "café DEP")).messages)).toEqual(["deploy done; CAFE closed", "Deploying the Café release"]);
    expect(texts((await search([g.id], "relea")).messages)).toEqual(["Deploying the Café release"]);
    expect(texts((await search([g.id], "eploy")).messages)).toEqual([]); // words match from their start
    expect(texts((await search([g.id, other.id], "cafe")).messages)).toHaveLength(3);
    expect((await search([], "deploy")).messages).toEqual([]);
  });

  it("follows edits and never returns a deleted message", async () => {
    const [a] = await Promise.all([newUser(store())]);
    const { conversation: g } = await store().createGroupConversation({ name: "E", creatorId: a.id, memberIds: [] });
    const m = (await store().appendMessage({ conversationId: g.id, senderId: a.id, text: "quarterly numbers" })).message;
    await store().editMessage({ messageId: m.id, text: "annual figures" });
    expect(texts((await search([g.id], "quarterly")).messages)).toEqual([]);
    expect((await search([g.id], "annual")).messages.map((x) => [x.id, x.text, x.editedAt !== null])).toEqual([[m.id, "annual figures", true]]);
    await store().deleteMessage({ messageId: m.id });
    expect((await search([g.id], "annual")).messages).toEqual([]);
    expect((await search([g.id], "quarterly")).messages).toEqual([]);
  });

  it("pages with an opaque cursor, without gaps or repeats", async () => {
    const [a] = await Promise.all([newUser(store())]);
    const { conversation: g } = await store().createGroupConversation({ name: "P", creatorId: a.id, memberIds: [] });
    for (let i = 1; i <= 7; i++) await store().appendMessage({ conversationId: g.id, senderId: a.id, text: `needle number ${i}` });
    await store().appendMessage({ conversationId: g.id, senderId: a.id, text: "haystack" });
    const seen: string[] = [];
    let before: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await search([g.id], "needle", 3, before);
      seen.push(...texts(page.messages).map(String));
      if (!page.nextCursor) break;
      before = page.nextCursor;
    }
    expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1].map((i) => `needle number ${i}`));
  });

  it("treats query syntax as text", async () => {
    const [a] = await Promise.all([newUser(store())]);
    const { conversation: g } = await store().createGroupConversation({ name: "Q", creatorId: a.id, memberIds: [] });
    await store().appendMessage({ conversationId: g.id, senderId: a.id, text: "a OR b NEAR c" });
    expect(texts((await search([g.id], '"OR" NEAR* (c) ^.*')).messages)).toEqual(["a OR b NEAR c"]);
    expect((await store().searchMessages({ conversationIds: [g.id], terms: ["x"], before: "not-a-cursor", limit: 5 })).messages).toEqual([]);
  });
});
