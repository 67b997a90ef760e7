import { ChatStore } from "@/components/chat/store/chat-store";
import type { api as realApi } from "@/components/chat/api";
import { mapStore } from "@/components/chat/local-store";
import type { ChatEvent, ConversationSummary } from "@/lib/chat/types";
import { alice, message, summary } from "./fixtures";

type Api = typeof realApi;

function api(list: () => Promise<ConversationSummary[]>) {
  return {
    listConversations: vi.fn(list),
    getConversation: vi.fn(() => Promise.reject(new Error("not expected"))),
    history: vi.fn(() => Promise.resolve({ messages: [message({ seq: 1 })], nextCursor: null })),
    markRead: vi.fn(() => Promise.resolve(1)),
  } as unknown as Api & Record<"listConversations" | "getConversation" | "history", ReturnType<typeof vi.fn>>;
}

describe("ChatStore page load", () => {
  it("fetches the list and the open conversation's first page once: when the stream is ready", async () => {
    const a = api(() => Promise.resolve([summary({ id: "c1" })]));
    const store = new ChatStore(alice, a, () => true, mapStore());
    store.start();
    void store.loadConversations(); // a second caller while one is in flight shares it
    await store.open("c1");
    expect(a.history).not.toHaveBeenCalled();

    store.setConnection("live");
    store.resync();
    void store.loadConversations();
    await vi.waitFor(() => expect(store.getState().threads.c1?.status).toBe("ready"));
    expect(a.listConversations).toHaveBeenCalledTimes(2); // the early call, and the one at ready
    expect(a.history).toHaveBeenCalledTimes(1);
    expect(a.getConversation).not.toHaveBeenCalled();

    store.resync(); // a later reconnect refreshes both once more
    await vi.waitFor(() => expect(a.history).toHaveBeenCalledTimes(2));
    store.dispose();
  });

  it("loads over plain HTTP if the stream does not open", async () => {
    vi.useFakeTimers();
    try {
      const a = api(() => Promise.resolve([summary({ id: "c1" })]));
      const store = new ChatStore(alice, a, () => true, mapStore());
      store.start(3000);
      void store.open("c1");
      await vi.advanceTimersByTimeAsync(2999);
      expect(a.history).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1);
      expect(a.listConversations).toHaveBeenCalledTimes(1);
      expect(a.history).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it("a list answered from before a live message keeps that message's unread count", async () => {
    let answer!: (l: ConversationSummary[]) => void;
    const a = api(() => new Promise((r) => (answer = r)));
    const store = new ChatStore(alice, a, () => true, mapStore());
    const first = store.loadConversations();
    await vi.waitFor(() => expect(a.listConversations).toHaveBeenCalledTimes(1));
    answer([summary({ id: "c1", lastMessage: message({ seq: 1 }), unreadCount: 1 })]);
    await first;

    const stale = store.loadConversations(); // the server read the list…
    await vi.waitFor(() => expect(a.listConversations).toHaveBeenCalledTimes(2));
    const m = message({ seq: 2 });
    store.handleEvent({ type: "message.created", conversationId: "c1", seq: 2, at: m.createdAt, message: m } as ChatEvent);
    answer([summary({ id: "c1", lastMessage: message({ seq: 1 }), unreadCount: 1 })]); // …before this message
    await stale;
    expect(store.getState().conversations.c1.unreadCount).toBe(2);
  });
});
