// @vitest-environment jsdom
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MessageItem, type MessageItemProps } from "@/components/chat/message-item";
import { plainExcerpt } from "@/components/chat/reply-quote";
import { alice, bob, carol, message } from "./fixtures";

const people: Record<string, { username: string; displayName: string }> = {
  [alice.id]: alice,
  [bob.id]: bob,
  [carol.id]: carol,
};

function renderItem(props: Partial<MessageItemProps> = {}) {
  const handlers = { onReact: vi.fn().mockResolvedValue(undefined), onReply: vi.fn(), onJumpTo: vi.fn() };
  render(
    <ul>
      <MessageItem
        message={message({ seq: 5, text: "Hello" })}
        senderName="Bob Jones"
        isOwn={false}
        meId={alice.id}
        nameOf={(id) => people[id]?.displayName ?? "Former member"}
        usernameOf={(id) => people[id]?.username}
        {...handlers}
        {...props}
      />
    </ul>,
  );
  return { ...handlers, user: userEvent.setup(), item: screen.getByTestId("message") };
}

describe("MessageItem: reactions, replies, mentions", { timeout: 20_000 }, () => {
  it("offers React and Reply on someone else's message, but not Edit", () => {
    const { item } = renderItem();
    const actions = within(item).getByRole("group", { name: "Message actions" });
    expect(within(actions).getAllByRole("button").map((b) => b.textContent)).toEqual(["React", "Reply"]);
  });

  it("React opens the picker; a pick adds my reaction", async () => {
    const { user, onReact, item } = renderItem();
    await user.click(within(item).getByRole("button", { name: "React" }));
    await user.click(screen.getByRole("button", { name: "React with 🎉" }));
    expect(onReact).toHaveBeenCalledWith("🎉", true);
  });

  it("Reply asks to answer this message", async () => {
    const { user, onReply, item } = renderItem();
    await user.click(within(item).getByRole("button", { name: "Reply" }));
    expect(onReply).toHaveBeenCalledTimes(1);
  });

  it("shows the quoted parent above a reply; activating it jumps there", async () => {
    const replyTo = { id: "m1", seq: 1, senderId: carol.id, excerpt: "Who brings the cake?", deleted: false };
    const { user, onJumpTo, item } = renderItem({ message: message({ seq: 5, text: "Me!", replyTo }) });
    const quote = within(item).getByRole("button", { name: /In reply to Carol King: Who brings the cake\?/ });
    await user.click(quote);
    expect(onJumpTo).toHaveBeenCalledWith(replyTo);
  });

  it("shows a deleted parent as deleted, with no text and nothing to jump to", () => {
    const replyTo = { id: "m1", seq: 1, senderId: carol.id, excerpt: null, deleted: true };
    const { item } = renderItem({ message: message({ seq: 5, text: "Me!", replyTo }) });
    expect(within(item).getByTestId("reply-quote")).toHaveTextContent("Carol King: Original message was deleted");
    expect(within(item).queryByRole("button", { name: /In reply to/ })).not.toBeInTheDocument();
  });

  it("highlights mentions of me strongly, of others lightly, and leaves unknown @names as text", () => {
    const { item } = renderItem({
      message: message({ seq: 5, text: "@alice and @carol, not @nobody; `@alice`", mentions: [alice.id, carol.id] }),
    });
    const marks = [...item.querySelectorAll("[data-mention]")].map((el) => [el.textContent, el.getAttribute("data-mention")]);
    expect(marks).toEqual([
      ["@alice", "me"],
      ["@carol", "other"],
    ]);
    expect(item).toHaveAttribute("data-mentions-me", "true");
    expect(within(item).getByText("@alice", { selector: "code" })).toBeInTheDocument();
  });

  it("shows reactions under the message, with mine pressed", () => {
    const { item } = renderItem({
      message: message({ seq: 5, text: "Hi", reactions: [{ emoji: "👍", count: 2, userIds: [bob.id, alice.id] }] }),
    });
    expect(within(item).getByRole("button", { name: "👍 2" })).toHaveAttribute("aria-pressed", "true");
  });

  it("a deleted message shows no reactions, quote or actions", () => {
    const { item } = renderItem({
      message: message({
        seq: 5,
        text: null,
        deletedAt: "2025-03-01T10:06:00.000Z",
        replyTo: { id: "m1", seq: 1, senderId: carol.id, excerpt: "x", deleted: false },
      }),
    });
    expect(within(item).queryByRole("button")).not.toBeInTheDocument();
    expect(within(item).queryByTestId("reply-quote")).not.toBeInTheDocument();
  });
});

describe("reply quotes read as text", () => {
  it.each([
    ["**Ship** it: run `npm test`", "Ship it: run npm test"],
    ["see [the docs](https://x.example) ~~now~~", "see the docs now"],
    ["> quoted *softly*, _really_.", "quoted softly, really."],
    ["- a list item", "a list item"],
    ["2 * 3 * 4 stays", "2 * 3 * 4 stays"],
  ])("%s → %s", (excerpt, shown) => {
    expect(plainExcerpt(excerpt)).toBe(shown);
  });
});
