// @vitest-environment jsdom
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Composer } from "@/components/chat/composer";
import { filterCandidates, mentionQueryAt } from "@/components/chat/mention-suggestions";

const members = [
  { userId: "u_bob", username: "bob", displayName: "Bob Jones" },
  { userId: "u_bea", username: "bea", displayName: "Beatrice Ode" },
  { userId: "u_carol", username: "carol", displayName: "Carol King" },
];

function setup(props: Partial<React.ComponentProps<typeof Composer>> = {}) {
  const onSend = vi.fn();
  render(<Composer label="Message Team" onSend={onSend} members={members} {...props} />);
  return { onSend, user: userEvent.setup(), box: screen.getByRole("textbox", { name: "Message Team" }) };
}

describe("Composer @mentions", { timeout: 20_000 }, () => {
  it("finds the @word before the caret", () => {
    expect(mentionQueryAt("hi @bo", 6)).toEqual({ start: 3, query: "bo" });
    expect(mentionQueryAt("@", 1)).toEqual({ start: 0, query: "" });
    expect(mentionQueryAt("mail a@b", 8)).toBeNull();
    expect(mentionQueryAt("@bob done", 9)).toBeNull();
    expect(filterCandidates(members, "k").map((m) => m.username)).toEqual(["carol"]);
    expect(filterCandidates(members, "B").map((m) => m.username)).toEqual(["bea", "bob"]);
  });

  it("opens a list of members on @, filters as you type, and Enter inserts the username", async () => {
    const { user, box, onSend } = setup();
    await user.type(box, "hi @");
    const list = screen.getByRole("listbox", { name: "Mention someone" });
    expect(screen.getAllByRole("option").map((o) => o.textContent)).toEqual(["Beatrice Ode@bea", "Bob Jones@bob", "Carol King@carol"]);
    await user.type(box, "b");
    expect(screen.getAllByRole("option")).toHaveLength(2);
    expect(box).toHaveAttribute("aria-controls", list.id);
    expect(box.getAttribute("aria-activedescendant")).toBe(screen.getAllByRole("option")[0].id);
    await user.keyboard("{ArrowDown}");
    expect(screen.getAllByRole("option")[1]).toHaveAttribute("aria-selected", "true");
    expect(box.getAttribute("aria-activedescendant")).toBe(screen.getAllByRole("option")[1].id);
    await user.keyboard("{Enter}");
    expect(box).toHaveValue("hi @bob ");
    expect(onSend).not.toHaveBeenCalled();
    expect(screen.queryByRole("listbox")).not.toBeInTheDocument();
    await user.type(box, "lunch?{Enter}");
    expect(onSend).toHaveBeenCalledWith("hi @bob lunch?");
  });

  it("Escape closes the list without clearing the text; Enter then sends", async () => {
    const { user, box, onSend } = setup();
    await user.type(box, "@ca");
    expect(screen.getByRole("listbox")).toBeInTheDocument();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("listbox")).not.toBeInTheDocument();
    expect(box).toHaveValue("@ca");
    await user.keyboard("{Enter}");
    expect(onSend).toHaveBeenCalledWith("@ca");
  });

  it("picks with the mouse too", async () => {
    const { user, box } = setup();
    await user.type(box, "@");
    await user.click(screen.getByRole("option", { name: /Carol King/ }));
    expect(box).toHaveValue("@carol ");
  });

  it("shows what is being answered and cancels the reply with Escape or the button", async () => {
    const onCancelReply = vi.fn();
    const { user, box } = setup({ replyingTo: { senderName: "Bob Jones", excerpt: "Lunch at noon?" }, onCancelReply });
    expect(screen.getByTestId("replying-to")).toHaveTextContent("Replying to Bob Jones: Lunch at noon?");
    expect(box).toHaveFocus();
    await user.keyboard("{Escape}");
    expect(onCancelReply).toHaveBeenCalledTimes(1);
    await user.click(screen.getByRole("button", { name: "Cancel reply" }));
    expect(onCancelReply).toHaveBeenCalledTimes(2);
  });
});
