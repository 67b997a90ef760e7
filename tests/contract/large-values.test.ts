import { randomBytes } from "node:crypto";
import { expect, it } from "vitest";
import { MESSAGE_MAX_LENGTH } from "@/lib/chat/schemas";
import { queryTerms } from "@/lib/chat/search-terms";
import { forEachAdapter, newUser } from "./adapters";

/** As many distinct words as fit in the longest message the API accepts. */
function longestMessage(tag: string) {
  const words: string[] = [];
  while ((words.join(" ") + ` ${tag}`).length + 12 <= MESSAGE_MAX_LENGTH) words.push(`w${randomBytes(4).toString("hex")}`);
  const text = `${words.join(" ")} ${tag}`;
  expect(text.length).toBeLessThanOrEqual(MESSAGE_MAX_LENGTH);
  return text;
}

/**
 * The largest values the API lets through reach the store whole: 256 people in a new group, a
 * message of the maximum length with hundreds of distinct words mentioning all of them. (FerretDB
 * on PostgreSQL refused such inserts while an index covered those arrays: indexes.ts.)
 */
forEachAdapter("large values", (store) => {
  it("a group created with 256 people, then a 4,000-character message of distinct words mentioning all of them", async () => {
    const creator = await newUser(store());
    const others = await Promise.all(Array.from({ length: 256 }, () => newUser(store())));
    const { conversation } = await store().createGroupConversation({ name: "everyone", creatorId: creator.id, memberIds: others.map((o) => o.id) });
    expect(conversation.members).toHaveLength(257);
    const text = longestMessage("zzlastword");
    expect(new Set(text.split(" ")).size).toBeGreaterThan(350);
    const { message } = await store().appendMessage({ conversationId: conversation.id, senderId: creator.id, text, mentions: others.map((o) => o.id) });
    expect(message.text).toBe(text);
    expect(message.mentions).toHaveLength(256);
    const found = await store().searchMessages({ conversationIds: [conversation.id], terms: queryTerms("zzlastword"), limit: 5 });
    expect(found.messages.map((m) => m.id)).toEqual([message.id]);

    const edited = longestMessage("zzeditedword");
    await store().editMessage({ messageId: message.id, text: edited, mentions: others.map((o) => o.id) });
    expect((await store().findMessage(message.id))?.text).toBe(edited);
    const list = await store().listConversationsForUser(others[255].id);
    expect(list.find((c) => c.id === conversation.id)?.mentionCount).toBe(1);
  });
});
