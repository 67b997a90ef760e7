// @vitest-environment jsdom
import { render, screen, within } from "@testing-library/react";
import { ConversationList } from "@/components/chat/conversation-list";
import { ChatStore } from "@/components/chat/store/chat-store";
import { applyEvent, initialState, markReadLocally, type ChatState } from "@/components/chat/store/state";
import type { api as realApi } from "@/components/chat/api";
import type { ChatEvent } from "@/lib/chat/types";
import { alice, bob, message, summary } from "./fixtures";

function withThread(): ChatState {
  const s = initialState(alice);
  return {
    ...s,
    conversations: { c1: summary({ id: "c1", lastSeq: 3, lastMessage: message({ seq: 3 }) }) },
    threads: { c1: { messages: [message({ seq: 3 })], system: [], pending: [], nextCursor: null, status: "ready", loadingOlder: false, error: null } },
  };
}

describe("client state: reactions and mentions", () => {
  it("applies a reaction event to the message in the thread and in the preview", () => {
    const reacted = message({ seq: 3, reactions: [{ emoji: "🎉", count: 1, userIds: [bob.id] }] });
    const event: ChatEvent = { type: "reaction.added", conversationId: "c1", seq: 4, at: reacted.createdAt, userId: bob.id, emoji: "🎉", message: reacted };
    const next = applyEvent(withThread(), event);
    expect(next.threads.c1.messages[0].reactions).toEqual(reacted.reactions);
    expect(next.conversations.c1.lastMessage?.reactions).toEqual(reacted.reactions);
    expect(next.conversations.c1.unreadCount).toBe(0);
  });

  it("counts a new message mentioning me, not one mentioning others, and clears on read", () => {
    const mentioning = message({ seq: 4, mentions: [alice.id] });
    const other = message({ seq: 5, mentions: [bob.id] });
    let s = applyEvent(withThread(), { type: "message.created", conversationId: "c1", seq: 4, at: mentioning.createdAt, message: mentioning });
    s = applyEvent(s, { type: "message.created", conversationId: "c1", seq: 5, at: other.createdAt, message: other });
    expect(s.conversations.c1).toMatchObject({ unreadCount: 2, mentionCount: 1 });
    expect(markReadLocally(s, "c1", 5).conversations.c1).toMatchObject({ unreadCount: 0, mentionCount: 0 });
  });
});

describe("ChatStore.loadUntil (jump to a reply's parent)", () => {
  it("pages back until the parent's seq is loaded, and reports when history ends first", async () => {
    const pages: Record<string, { messages: ReturnType<typeof message>[]; nextCursor: number | null }> = {
      latest: { messages: [message({ seq: 30 }), message({ seq: 29 })], nextCursor: 29 },
      29: { messages: [message({ seq: 20 }), message({ seq: 19 })], nextCursor: 19 },
      19: { messages: [message({ seq: 10 })], nextCursor: null },
    };
    const history = vi.fn((_id: string, before?: number | null) => Promise.resolve({ ...pages[before ?? "latest"], senders: [] }));
    const api = { listConversations: vi.fn().mockResolvedValue([summary({ id: "c1" })]), history, markRead: vi.fn().mockResolvedValue(0) } as unknown as typeof realApi;
    const store = new ChatStore(alice, api, () => true);
    await store.loadConversations();
    await store.loadLatest("c1");
    expect(await store.loadUntil("c1", 20)).toBe(true);
    expect(history).toHaveBeenCalledTimes(2);
    expect(await store.loadUntil("c1", 5)).toBe(false);
    expect(store.getState().threads.c1.messages.map((m) => m.seq)).toEqual([10, 19, 20, 29, 30]);
  });
});

describe("sidebar @ badge", () => {
  it("shows an @ badge with a spoken count when I am mentioned in unread messages", () => {
    render(
      <ConversationList
        conversations={[summary({ id: "c1", unreadCount: 3, mentionCount: 2, lastMessage: message({ seq: 3 }) }), summary({ id: "c2", unreadCount: 1 })]}
        meId={alice.id}
        activeId={null}
        nameOf={() => "Bob Jones"}
        now={new Date("2025-03-01T12:00:00.000Z")}
      />,
    );
    const [first, second] = screen.getAllByTestId("conversation-item");
    expect(within(first).getByTestId("mention-badge")).toHaveTextContent("@2 mentions of you");
    expect(within(second).queryByTestId("mention-badge")).not.toBeInTheDocument();
  });
});
