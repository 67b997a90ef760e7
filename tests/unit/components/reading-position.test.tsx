// @vitest-environment jsdom
import { render, screen } from "@testing-library/react";
import { MessageList, type MessageListProps } from "@/components/chat/message-list";
import { firstUnreadSeq } from "@/components/chat/new-messages-divider";
import { ChatStore } from "@/components/chat/store/chat-store";
import { mapStore } from "@/components/chat/local-store";
import type { api as realApi } from "@/components/chat/api";
import { alice, bob, member, message, summary } from "./fixtures";

const noop = () => {};
function listProps(messages: MessageListProps["messages"]): MessageListProps {
  return {
    messages, pending: [], meId: alice.id, nameOf: () => "Bob Jones", hasMore: false, loadingOlder: false, error: null,
    onLoadOlder: noop, editingId: null, onStartEdit: noop, onCancelEdit: noop, onSaveEdit: async () => {},
    onDelete: async () => {}, onRetry: noop, onDiscard: noop,
  };
}
function list(over: Partial<MessageListProps>) {
  return render(<MessageList {...listProps([])} {...over} />);
}

const history = [
  message({ seq: 1, text: "old" }),
  message({ seq: 2, senderId: alice.id, text: "mine" }),
  message({ seq: 3, text: "first new" }),
  message({ seq: 4, text: "second new" }),
];

describe("New messages divider", () => {
  it("goes before the first message from someone else after my read position", () => {
    expect(firstUnreadSeq(history, 1, alice.id)).toBe(3);
    expect(firstUnreadSeq(history, 4, alice.id)).toBeNull();
    expect(firstUnreadSeq(history, null, alice.id)).toBeNull();

    list({ messages: history, readUpTo: 2 });
    const items = screen.getAllByRole("listitem").map((li) => li.textContent ?? "");
    const divider = items.findIndex((t) => t === "New messages");
    expect(divider).toBeGreaterThan(-1);
    expect(items[divider + 1]).toContain("first new");
  });

  it("is absent when nothing was unread", () => {
    list({ messages: history, readUpTo: null });
    expect(screen.queryByTestId("new-messages-divider")).toBeNull();
  });
});

describe("Seen", () => {
  const mineLast = [message({ seq: 1, text: "hi" }), message({ seq: 2, senderId: alice.id, text: "lunch?" })];

  it("shows under my last message once the other person has read it", () => {
    const { rerender } = list({ messages: mineLast, seenUpTo: 1 });
    expect(screen.queryByTestId("seen-marker")).toBeNull();
    rerender(<MessageList {...listProps(mineLast)} seenUpTo={2} />);
    expect(screen.getByTestId("seen-marker")).toHaveTextContent("Seen");
  });

  it("not when the last message is theirs", () => {
    list({ messages: [...mineLast, message({ seq: 3, text: "sure" })], seenUpTo: 3 });
    expect(screen.queryByTestId("seen-marker")).toBeNull();
  });
});

describe("marking read as messages are seen", () => {
  it("marks up to what the list reports as seen, not the newest message", async () => {
    const markRead = vi.fn(async (_id: string, messageId: string) => Number(messageId.slice(1)));
    const api = {
      listConversations: async () => [summary({ id: "c1", lastSeq: 4, unreadCount: 2, members: [member(alice, "member", 2), member(bob)] })],
      history: async () => ({ messages: [...history].reverse(), nextCursor: null }),
      markRead,
    } as unknown as typeof realApi;
    const store = new ChatStore(alice, api, () => true, mapStore());
    store.readsFollowScreen = true;
    await store.loadConversations();
    await store.open("c1");
    expect(markRead).not.toHaveBeenCalled();

    store.reportSeen("c1", 3);
    await vi.waitFor(() => expect(markRead).toHaveBeenLastCalledWith("c1", "m3"));
    store.reportSeen("c1", 4);
    await vi.waitFor(() => expect(markRead).toHaveBeenLastCalledWith("c1", "m4"));
    expect(store.getState().conversations.c1.unreadCount).toBe(0);
  });

  it("marks nothing when the conversation list answers before the open conversation's first page", async () => {
    const markRead = vi.fn(async (_id: string, messageId: string) => Number(messageId.slice(1)));
    let releaseHistory: () => void = () => {};
    const api = {
      listConversations: async () => [
        summary({ id: "c1", lastSeq: 4, unreadCount: 2, lastMessage: history[3], members: [member(alice, "member", 2), member(bob)] }),
      ],
      history: () =>
        new Promise((resolve) => {
          releaseHistory = () => resolve({ messages: [...history].reverse(), nextCursor: null });
        }),
      markRead,
    } as unknown as typeof realApi;
    const store = new ChatStore(alice, api, () => true, mapStore());
    store.readsFollowScreen = true;
    const listing = store.loadConversations();
    const opening = store.open("c1");
    await listing; // the list, with its lastMessage, is back; the page is not
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(markRead).not.toHaveBeenCalled();
    releaseHistory();
    await opening;
    expect(markRead).not.toHaveBeenCalled();
    expect(store.getState().conversations.c1.unreadCount).toBe(2);
  });
});
