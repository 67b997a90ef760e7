import { ChatStore } from "@/components/chat/store/chat-store";
import { ApiError, type api as realApi } from "@/components/chat/api";
import type { ChatEvent, Message } from "@/lib/chat/types";
import { alice, carol, message, summary } from "./fixtures";

type Api = typeof realApi;

function fakeApi(over: Partial<Api> = {}): Api {
  const fail = () => Promise.reject(new Error("not stubbed"));
  return {
    register: fail,
    searchUsers: fail,
    listConversations: vi.fn().mockResolvedValue([]),
    getConversation: fail,
    openDirect: fail,
    createGroup: fail,
    renameGroup: fail,
    addMember: fail,
    removeMember: fail,
    history: vi.fn().mockResolvedValue({ messages: [], nextCursor: null }),
    send: fail,
    edit: fail,
    remove: fail,
    markRead: vi.fn().mockResolvedValue(0),
    ...over,
  } as Api;
}

const created = (m: Message, seq = m.seq): ChatEvent => ({
  type: "message.created",
  conversationId: m.conversationId,
  seq,
  at: m.createdAt,
  message: m,
});

async function storeWithConversation(api: Api, open = true) {
  const store = new ChatStore(alice, api, () => true);
  (api.listConversations as ReturnType<typeof vi.fn>).mockResolvedValue([summary({ id: "c1", lastSeq: 2 })]);
  await store.loadConversations();
  if (open) await store.open("c1");
  return store;
}

describe("ChatStore", () => {
  it("shows a sent message as pending, waiting while offline, then sent by itself with the same clientId when the connection is back", async () => {
    const send = vi
      .fn()
      .mockRejectedValueOnce(new ApiError(0, "network", "You appear to be offline."))
      .mockImplementation((_id: string, text: string, clientId: string) =>
        Promise.resolve(message({ seq: 5, senderId: alice.id, text, clientId })),
      );
    const store = await storeWithConversation(fakeApi({ send }));

    const clientId = store.send("c1", "hi bob");
    expect(store.getState().threads.c1.pending).toMatchObject([{ clientId, text: "hi bob", status: "pending" }]);
    await vi.waitFor(() => expect(store.getState().threads.c1.pending[0]?.status).toBe("waiting"));

    store.setConnection("reconnecting");
    store.setConnection("live");
    await vi.waitFor(() => expect(store.getState().threads.c1.pending).toEqual([]));
    expect(send).toHaveBeenNthCalledWith(2, "c1", "hi bob", clientId);
    expect(store.getState().threads.c1.messages.map((m) => m.text)).toEqual(["hi bob"]);
  });

  it("keeps Retry for a message the server refused (4xx), and sends it again only when asked", async () => {
    const send = vi
      .fn()
      .mockRejectedValueOnce(new ApiError(403, "forbidden:conversation", "You are not a member."))
      .mockImplementation((_id: string, text: string, clientId: string) =>
        Promise.resolve(message({ seq: 5, senderId: alice.id, text, clientId })),
      );
    const store = await storeWithConversation(fakeApi({ send }));
    const clientId = store.send("c1", "let me in");
    await vi.waitFor(() =>
      expect(store.getState().threads.c1.pending[0]).toMatchObject({ status: "failed", error: "You are not a member." }),
    );
    store.setConnection("live");
    await Promise.resolve();
    expect(send).toHaveBeenCalledTimes(1);

    store.retry("c1", clientId);
    await vi.waitFor(() => expect(store.getState().threads.c1.pending).toEqual([]));
    expect(send).toHaveBeenNthCalledWith(2, "c1", "let me in", clientId);
  });

  it("confirms a pending message when its event arrives before the HTTP response", async () => {
    let respond!: (m: Message) => void;
    const send = vi.fn(() => new Promise<Message>((r) => (respond = r)));
    const store = await storeWithConversation(fakeApi({ send }));
    const clientId = store.send("c1", "race");
    const confirmed = message({ seq: 6, senderId: alice.id, text: "race", clientId });
    store.handleEvent(created(confirmed));
    expect(store.getState().threads.c1.pending).toEqual([]);
    respond(confirmed);
    await Promise.resolve();
    expect(store.getState().threads.c1.messages).toHaveLength(1);
  });

  it("drops a repeated event (same conversation and seq) and counts unread once", async () => {
    const store = await storeWithConversation(fakeApi(), false);
    const m = message({ seq: 7, text: "once" });
    store.handleEvent(created(m));
    store.handleEvent(created(m));
    expect(store.getState().conversations.c1.unreadCount).toBe(1);
    expect(store.getState().conversations.c1.lastMessage?.text).toBe("once");
    expect(store.getState().announcement?.text).toBe("New message from Bob Jones");
  });

  it("marks the open conversation read as messages arrive", async () => {
    const api = fakeApi();
    const store = await storeWithConversation(api);
    store.handleEvent(created(message({ seq: 8, text: "are you there?" })));
    await vi.waitFor(() => expect(api.markRead).toHaveBeenCalledWith("c1", "m8"));
    expect(store.getState().announcement?.text).toBe("Bob Jones: are you there?");
  });

  it("applies edits and deletions, and a late older copy never undoes a deletion", async () => {
    const store = await storeWithConversation(fakeApi());
    const m = message({ seq: 9, text: "v1" });
    store.handleEvent(created(m));
    const edited = { ...m, text: "v2", editedAt: "2025-03-01T10:01:00.000Z" };
    store.handleEvent({ type: "message.updated", conversationId: "c1", seq: 10, at: edited.editedAt, message: edited });
    expect(store.getState().threads.c1.messages[0].text).toBe("v2");
    const gone = { ...m, text: null, deletedAt: "2025-03-01T10:02:00.000Z" };
    store.handleEvent({ type: "message.deleted", conversationId: "c1", seq: 11, at: gone.deletedAt, message: gone });
    store.handleEvent({ type: "message.updated", conversationId: "c1", seq: 10, at: edited.editedAt, message: edited });
    expect(store.getState().threads.c1.messages[0]).toMatchObject({ text: null, deletedAt: gone.deletedAt });
  });

  it("drops a conversation when you are removed from it", async () => {
    const api = fakeApi();
    const store = await storeWithConversation(api);
    (api.listConversations as ReturnType<typeof vi.fn>).mockResolvedValue([summary({ id: "c1", type: "group", name: "Team" })]);
    await store.loadConversations();
    const removed = { type: "member.removed", conversationId: "c1", at: "", actorId: alice.id, promotedUserId: null } as const;
    store.handleEvent({ ...removed, seq: 12, userId: carol.id });
    expect(store.getState().conversations.c1).toBeDefined();
    store.handleEvent({ ...removed, seq: 13, userId: alice.id });
    expect(store.getState().conversations.c1).toBeUndefined();
    expect(store.getState().threads.c1).toBeUndefined();
    expect(store.getState().removedFrom.c1).toBe("Team");
  });

  it("loads older history (newest-first pages) into one ordered list", async () => {
    const history = vi
      .fn()
      .mockResolvedValueOnce({ messages: [message({ seq: 4 }), message({ seq: 3 })], nextCursor: 3 })
      .mockResolvedValueOnce({ messages: [message({ seq: 2 }), message({ seq: 1 })], nextCursor: null });
    const store = await storeWithConversation(fakeApi({ history }));
    expect(store.getState().threads.c1.nextCursor).toBe(3);
    await store.loadOlder("c1");
    expect(history).toHaveBeenLastCalledWith("c1", 3, 50);
    expect(store.getState().threads.c1.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(store.getState().threads.c1.nextCursor).toBeNull();
  });

  it("after a reset drops held history and reloads the open conversation from its newest page", async () => {
    const history = vi
      .fn()
      .mockResolvedValueOnce({ messages: [message({ seq: 4 }), message({ seq: 3 })], nextCursor: 3 })
      .mockResolvedValueOnce({ messages: [message({ seq: 2 }), message({ seq: 1 })], nextCursor: null })
      .mockResolvedValueOnce({ messages: [message({ seq: 900 }), message({ seq: 899 })], nextCursor: 899 });
    const store = await storeWithConversation(fakeApi({ history }));
    await store.loadOlder("c1");
    expect(store.getState().threads.c1.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);

    store.reset();
    expect(store.getState().threads.c1.messages).toEqual([]);
    store.resync(); // the `ready` that follows every reset
    await vi.waitFor(() => expect(store.getState().threads.c1.messages.map((m) => m.seq)).toEqual([899, 900]));
    expect(store.getState().threads.c1.nextCursor).toBe(899);
  });
});
