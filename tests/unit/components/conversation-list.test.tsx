// @vitest-environment jsdom
import { render, screen, within } from "@testing-library/react";
import { ConversationList } from "@/components/chat/conversation-list";
import { sortConversations } from "@/components/chat/store/state";
import { alice, bob, carol, member, message, summary } from "./fixtures";

const now = new Date("2025-03-01T12:00:00.000Z");

const dmBob = summary({
  id: "dm_bob",
  lastActivityAt: "2025-03-01T10:00:00.000Z",
  lastMessage: message({ seq: 4, conversationId: "dm_bob", text: "See you at 3", createdAt: "2025-03-01T10:00:00.000Z" }),
  unreadCount: 2,
});
const team = summary({
  id: "g_team",
  type: "group",
  name: "Design team",
  members: [member(alice, "admin"), member(bob), member(carol)],
  lastActivityAt: "2025-03-01T11:30:00.000Z",
  lastMessage: message({ seq: 9, conversationId: "g_team", senderId: alice.id, text: "Shipped!", createdAt: "2025-03-01T11:30:00.000Z" }),
});
const dmCarol = summary({
  id: "dm_carol",
  members: [member(alice), member(carol)],
  lastActivityAt: "2025-02-20T08:00:00.000Z",
  lastMessage: message({ seq: 2, conversationId: "dm_carol", senderId: carol.id, text: null, deletedAt: "2025-02-20T08:01:00.000Z" }),
});

function renderList(activeId: string | null = null) {
  const conversations = sortConversations({ [dmCarol.id]: dmCarol, [dmBob.id]: dmBob, [team.id]: team });
  render(<ConversationList conversations={conversations} meId={alice.id} activeId={activeId} now={now} />);
  return screen.getAllByTestId("conversation-item");
}

describe("ConversationList", () => {
  it("orders by most recent activity and titles DMs by the other person, groups by name", () => {
    const items = renderList();
    expect(items.map((li) => within(li).getByTestId("conversation-title").textContent)).toEqual([
      "Design team",
      "Bob Jones",
      "Carol King",
    ]);
  });

  it("shows an unread badge with an accessible count, only where there is something unread", () => {
    const items = renderList();
    const badge = within(items[1]).getByTestId("unread-badge");
    expect(badge).toHaveTextContent("2");
    expect(badge).toHaveTextContent("2 unread messages");
    expect(within(items[0]).queryByTestId("unread-badge")).not.toBeInTheDocument();
    expect(within(items[2]).queryByTestId("unread-badge")).not.toBeInTheDocument();
  });

  it("hides the badge of the conversation that is open and marks it current", () => {
    const items = renderList("dm_bob");
    expect(within(items[1]).queryByTestId("unread-badge")).not.toBeInTheDocument();
    expect(within(items[1]).getByRole("link")).toHaveAttribute("aria-current", "page");
  });

  it("previews the last message, prefixing your own and hiding deleted text", () => {
    const items = renderList();
    expect(within(items[0]).getByTestId("conversation-preview")).toHaveTextContent("You: Shipped!");
    expect(within(items[1]).getByTestId("conversation-preview")).toHaveTextContent("See you at 3");
    expect(within(items[2]).getByTestId("conversation-preview")).toHaveTextContent("Message deleted");
  });

  it("links each conversation to its page", () => {
    const items = renderList();
    expect(within(items[0]).getByRole("link")).toHaveAttribute("href", "/chat/g_team");
  });

  it("invites to start a conversation when there are none", () => {
    render(<ConversationList conversations={[]} meId={alice.id} activeId={null} />);
    expect(screen.getByText(/No conversations yet/)).toBeInTheDocument();
  });
});
