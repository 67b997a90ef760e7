// @vitest-environment jsdom
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Composer } from "@/components/chat/composer";

function setup() {
  const onSend = vi.fn();
  render(<Composer label="Message Bob" onSend={onSend} />);
  return { onSend, box: screen.getByRole("textbox", { name: "Message Bob" }), user: userEvent.setup() };
}

describe("Composer", () => {
  it("sends the trimmed text on Enter and clears the box", async () => {
    const { onSend, box, user } = setup();
    await user.type(box, "  hello there  {Enter}");
    expect(onSend).toHaveBeenCalledExactlyOnceWith("hello there");
    expect(box).toHaveValue("");
  });

  it("adds a new line on Shift+Enter without sending", async () => {
    const { onSend, box, user } = setup();
    await user.type(box, "line one{Shift>}{Enter}{/Shift}line two");
    expect(onSend).not.toHaveBeenCalled();
    expect(box).toHaveValue("line one\nline two");
    await user.keyboard("{Enter}");
    expect(onSend).toHaveBeenCalledWith("line one\nline two");
  });

  it("cannot send empty or whitespace-only text", async () => {
    const { onSend, box, user } = setup();
    const send = screen.getByRole("button", { name: "Send" });
    expect(send).toBeDisabled();
    await user.type(box, "   {Enter}");
    expect(onSend).not.toHaveBeenCalled();
    expect(send).toBeDisabled();
  });

  it("sends with the Send button", async () => {
    const { onSend, box, user } = setup();
    await user.type(box, "via button");
    await user.click(screen.getByRole("button", { name: "Send" }));
    expect(onSend).toHaveBeenCalledWith("via button");
    expect(box).toHaveFocus();
  });

  it("shows a character count near the limit", async () => {
    const { box, user } = setup();
    await user.click(box);
    await user.paste("x".repeat(3700));
    expect(screen.getByText("3700 / 4000 characters")).toBeVisible();
  });
});
