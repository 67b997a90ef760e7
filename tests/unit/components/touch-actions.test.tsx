// @vitest-environment jsdom
import { act, fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Composer } from "@/components/chat/composer";
import { MessageItem } from "@/components/chat/message-item";
import { LONG_PRESS_MS } from "@/components/chat/use-long-press";
import { message } from "./fixtures";

/** A phone: the (pointer: coarse) media query matches. */
function pretendTouch(coarse: boolean) {
  window.matchMedia = ((query: string) => ({
    matches: coarse && query.includes("coarse"),
    media: query,
    addEventListener: () => {},
    removeEventListener: () => {},
  })) as unknown as typeof window.matchMedia;
}

afterEach(() => vi.useRealTimers());

describe("on a phone", () => {
  beforeEach(() => pretendTouch(true));

  it("Enter adds a new line and the Send button sends", async () => {
    const onSend = vi.fn();
    const user = userEvent.setup();
    render(<Composer label="Message Bob" onSend={onSend} />);
    const box = screen.getByRole("textbox", { name: "Message Bob" });
    await user.type(box, "one{Enter}two");
    expect(onSend).not.toHaveBeenCalled();
    expect(box).toHaveValue("one\ntwo");
    await user.click(screen.getByRole("button", { name: "Send" }));
    expect(onSend).toHaveBeenCalledWith("one\ntwo");
  });

  it("a long-press on a message opens its action sheet; moving the finger cancels it", () => {
    vi.useFakeTimers();
    render(<ul><MessageItem message={message({ seq: 1 })} senderName="Bob" isOwn onReply={vi.fn()} onStartEdit={vi.fn()} onDelete={vi.fn()} /></ul>);
    expect(screen.getByRole("button", { name: "More actions" })).toBeVisible();
    const bubble = screen.getByTestId("message-text");
    fireEvent.pointerDown(bubble, { pointerType: "touch", clientX: 10, clientY: 10 });
    fireEvent.pointerMove(bubble, { pointerType: "touch", clientX: 10, clientY: 40 }); // a scroll
    act(() => vi.advanceTimersByTime(LONG_PRESS_MS + 10));
    expect(screen.queryByRole("button", { name: "Reply" })).toBeNull();
    fireEvent.pointerDown(bubble, { pointerType: "touch", clientX: 10, clientY: 10 });
    act(() => vi.advanceTimersByTime(LONG_PRESS_MS));
    expect(screen.getByTestId("message-action-sheet")).toHaveAttribute("open");
    expect(screen.getAllByRole("button").map((b) => b.textContent)).toEqual(expect.arrayContaining(["Reply", "Edit", "Delete", "Cancel"]));
  });
});

describe("on a desktop", () => {
  beforeEach(() => pretendTouch(false));

  it("Enter sends; a mouse press held on a message opens nothing", () => {
    vi.useFakeTimers();
    const onSend = vi.fn();
    render(<Composer label="Message Bob" onSend={onSend} />);
    const box = screen.getByRole("textbox", { name: "Message Bob" });
    fireEvent.change(box, { target: { value: "hi" } });
    fireEvent.keyDown(box, { key: "Enter" });
    expect(onSend).toHaveBeenCalledWith("hi");

    render(<ul><MessageItem message={message({ seq: 2 })} senderName="Bob" isOwn={false} onReply={vi.fn()} /></ul>);
    expect(screen.queryByRole("button", { name: "More actions" })).toBeNull();
    fireEvent.pointerDown(screen.getAllByTestId("message-text")[0], { pointerType: "mouse" });
    act(() => vi.advanceTimersByTime(LONG_PRESS_MS * 2));
    expect(screen.queryByTestId("message-action-sheet")).toBeNull();
  });
});
