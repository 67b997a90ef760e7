// @vitest-environment jsdom
import { act } from "react";
import { hydrateRoot } from "react-dom/client";
import { renderToString } from "react-dom/server";
import { ChatStore } from "@/components/chat/store/chat-store";
import { ChatStoreProvider, useChatState, useChatStore } from "@/components/chat/store/context";
import type { ThreadSeed } from "@/components/chat/store/seed";
import { MessageItem } from "@/components/chat/message-item";
import type { api as realApi } from "@/components/chat/api";
import { mapStore } from "@/components/chat/local-store";
import { useState } from "react";
import { alice, message, summary } from "./fixtures";

type Api = typeof realApi;

/** The server's page as the API answers it: newest first. */
const seed: ThreadSeed = {
  status: "ready",
  page: { messages: [message({ seq: 2, senderId: alice.id, text: "mine" }), message({ seq: 1, text: "from bob" })], nextCursor: null, senders: [] },
};

/** Seeds the thread while rendering, as ConversationView does, and shows it. */
function Thread() {
  const store = useChatStore();
  useState(() => store.seedThread("c1", seed));
  const thread = useChatState((s) => s.threads.c1);
  return (
    <ol>
      {thread?.messages.map((m) => (
        <MessageItem key={m.id} message={m} senderName="Bob Jones" isOwn={m.senderId === alice.id} meId={alice.id} />
      ))}
    </ol>
  );
}

function app(store: ChatStore) {
  return (
    <ChatStoreProvider value={store}>
      <Thread />
    </ChatStoreProvider>
  );
}

function api() {
  return {
    listConversations: vi.fn(() => Promise.resolve([summary({ id: "c1" })])),
    getConversation: vi.fn(() => Promise.reject(new Error("not expected"))),
    history: vi.fn(() => Promise.resolve({ messages: [message({ seq: 3, text: "newer" })], system: [], nextCursor: null, senders: [] })),
    markRead: vi.fn(() => Promise.resolve(1)),
  } as unknown as Api & Record<"history", ReturnType<typeof vi.fn>>;
}

describe("a page rendered with its data", () => {
  it("is in the server's HTML with UTC times and no-JavaScript forms, and hydrates without a mismatch", async () => {
    const server = new ChatStore(alice, api(), () => true, mapStore());
    server.seedConversations([summary({ id: "c1" })]);
    const html = renderToString(app(server));
    expect(html).toContain("from bob");
    expect(html).toContain("10:00 UTC");
    expect(html).toContain("Edit or delete"); // only under my own message
    expect(html.match(/Edit or delete/g)).toHaveLength(1);

    const container = document.createElement("div");
    container.innerHTML = html;
    const client = new ChatStore(alice, api(), () => true, mapStore());
    client.seedConversations([summary({ id: "c1" })]);
    const recoverable: unknown[] = [];
    await act(async () => {
      hydrateRoot(container, app(client), { onRecoverableError: (err) => recoverable.push(err) });
    });
    expect(recoverable).toEqual([]);
    // Hydrated: the browser's own time format, and the menu instead of the forms.
    expect(container.textContent).not.toContain("UTC");
    expect(container.textContent).not.toContain("Edit or delete");
    expect(container.textContent).toContain("from bob");
  });

  it("refreshes a seeded thread once the stream is up, keeping what was rendered and adding unsent messages", async () => {
    const storage = mapStore();
    const entry = { conversationId: "c1", clientId: "unsent-1", text: "typed offline", createdAt: "2025-03-01T10:05:00.000Z" };
    storage.setItem(`chat.outbox.${alice.id}`, JSON.stringify([entry]));
    const a = api();
    const store = new ChatStore(alice, a, () => true, storage);
    store.seedConversations([summary({ id: "c1" })]);
    store.seedThread("c1", seed);
    expect(store.getInitialState().threads.c1.messages.map((m) => m.text)).toEqual(["from bob", "mine"]);
    expect(store.getInitialState().listStatus).toBe("ready");

    store.start();
    await store.open("c1");
    expect(a.history).not.toHaveBeenCalled(); // not before the stream is up
    store.setConnection("live");
    store.resync();
    await vi.waitFor(() => expect(a.history).toHaveBeenCalledTimes(1));
    await vi.waitFor(() => expect(store.getState().threads.c1.messages.map((m) => m.text)).toEqual(["from bob", "mine", "newer"]));
    expect(store.getState().threads.c1.pending.map((p) => p.text)).toEqual(["typed offline"]);
    store.dispose();
  });

  it("does not replace a thread the store already has with an older server page", () => {
    const store = new ChatStore(alice, api(), () => true, mapStore());
    store.seedThread("c1", seed);
    store.seedThread("c1", { status: "ready", page: { messages: [], nextCursor: null, senders: [] } });
    expect(store.getState().threads.c1.messages).toHaveLength(2);
  });
});

describe("a view that opens before the shell starts the stream", () => {
  it("fetches a seeded conversation once, when the stream is up", async () => {
    const a = api();
    const store = new ChatStore(alice, a, () => true, mapStore());
    store.seedConversations([summary({ id: "c1" })]);
    store.seedThread("c1", seed);
    // Children's effects run first: ConversationView opens, then ChatShell starts.
    await store.open("c1");
    expect(a.history).not.toHaveBeenCalled();
    store.start();
    store.setConnection("live");
    store.resync();
    await vi.waitFor(() => expect(a.history).toHaveBeenCalledTimes(1));
    await new Promise((r) => setTimeout(r, 50));
    expect(a.history).toHaveBeenCalledTimes(1);
    store.dispose();
  });

  it("fetches an unseeded conversation opened before the stream again once it is up, so nothing sent in between is missed", async () => {
    const a = api();
    const store = new ChatStore(alice, a, () => true, mapStore());
    store.seedConversations([summary({ id: "c1" })]); // the list came with the page, the thread did not
    await store.open("c1");
    expect(a.history).toHaveBeenCalledTimes(1);
    store.start();
    store.setConnection("live");
    store.resync();
    await vi.waitFor(() => expect(a.history).toHaveBeenCalledTimes(2));
    store.dispose();
  });
});
