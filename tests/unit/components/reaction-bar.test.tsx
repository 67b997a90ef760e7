// @vitest-environment jsdom
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { ReactionBar, whoReacted } from "@/components/chat/reaction-bar";
import type { Reaction } from "@/lib/chat/types";

const names: Record<string, string> = { u_bob: "Bob Jones", u_carol: "Carol King" };
const nameOf = (id: string) => names[id] ?? "Someone";

function Harness({ reactions, onToggle }: { reactions: Reaction[]; onToggle: (e: string, on: boolean) => Promise<void> }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        React
      </button>
      <ReactionBar reactions={reactions} meId="u_me" nameOf={nameOf} onToggle={onToggle} pickerOpen={open} onPickerOpenChange={setOpen} />
    </>
  );
}

const reactions: Reaction[] = [
  { emoji: "👍", count: 2, userIds: ["u_bob", "u_me"] },
  { emoji: "🎉", count: 1, userIds: ["u_carol"] },
];

describe("ReactionBar", { timeout: 20_000 }, () => {
  it("shows each emoji with its count, pressed when it is mine, and who reacted", () => {
    render(<Harness reactions={reactions} onToggle={vi.fn()} />);
    const thumbs = screen.getByRole("button", { name: "👍 2" });
    expect(thumbs).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByRole("button", { name: "🎉 1" })).toHaveAttribute("aria-pressed", "false");
    expect(thumbs).toHaveAccessibleDescription("👍 by Bob Jones and you");
    expect(whoReacted({ emoji: "x", count: 3, userIds: ["u_bob", "u_carol", "u_me"] }, "u_me", nameOf)).toBe("Bob Jones, Carol King and you");
  });

  it("toggles: clicking mine removes it, clicking another adds mine", async () => {
    const onToggle = vi.fn().mockResolvedValue(undefined);
    const user = userEvent.setup();
    render(<Harness reactions={reactions} onToggle={onToggle} />);
    await user.click(screen.getByRole("button", { name: "👍 2" }));
    expect(onToggle).toHaveBeenLastCalledWith("👍", false);
    await user.click(screen.getByRole("button", { name: "🎉 1" }));
    expect(onToggle).toHaveBeenLastCalledWith("🎉", true);
  });

  it("offers a keyboard-driven picker: focus starts inside, arrows move, Enter picks, Escape closes and returns focus", async () => {
    const onToggle = vi.fn().mockResolvedValue(undefined);
    const user = userEvent.setup();
    render(<Harness reactions={[]} onToggle={onToggle} />);
    const opener = screen.getByRole("button", { name: "React" });
    await user.click(opener);
    const picker = screen.getByRole("group", { name: "Pick a reaction" });
    expect(within(picker).getByRole("button", { name: "React with 👍" })).toHaveFocus();
    await user.keyboard("{ArrowRight}");
    expect(within(picker).getByRole("button", { name: "React with ❤️" })).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(onToggle).toHaveBeenCalledWith("❤️", true);
    expect(screen.queryByRole("group", { name: "Pick a reaction" })).not.toBeInTheDocument();

    await user.click(opener);
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("group", { name: "Pick a reaction" })).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
    expect(onToggle).toHaveBeenCalledTimes(1);
  });

  it("shows why a toggle failed", async () => {
    const onToggle = vi.fn().mockRejectedValue(new Error("A message can have at most 20 different reactions"));
    const user = userEvent.setup();
    render(<Harness reactions={reactions} onToggle={onToggle} />);
    await user.click(screen.getByRole("button", { name: "🎉 1" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("at most 20");
  });

  it("renders nothing without reactions or an open picker", () => {
    const { container } = render(<ReactionBar reactions={[]} meId="u_me" nameOf={nameOf} onToggle={vi.fn()} />);
    expect(container).toBeEmptyDOMElement();
  });
});
