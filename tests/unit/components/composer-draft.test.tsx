// @vitest-environment jsdom
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Composer } from "@/components/chat/composer";

describe("Composer drafts", () => {
  it("starts from a saved draft, reports every change, and reports the empty box after sending", async () => {
    const onTextChange = vi.fn();
    const onSend = vi.fn();
    render(<Composer label="Message Bob" onSend={onSend} initialText="Half" onTextChange={onTextChange} />);
    const box = screen.getByRole("textbox", { name: "Message Bob" });
    expect(box).toHaveValue("Half");
    const user = userEvent.setup();
    await user.type(box, " done");
    expect(onTextChange).toHaveBeenLastCalledWith("Half done");
    await user.keyboard("{Enter}");
    expect(onSend).toHaveBeenCalledWith("Half done");
    expect(onTextChange).toHaveBeenLastCalledWith("");
  });
});
