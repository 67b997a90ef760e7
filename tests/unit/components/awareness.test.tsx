// @vitest-environment jsdom
import { act, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AwarenessStore } from "@/components/chat/awareness/awareness-store";
import { PresenceDot } from "@/components/chat/awareness/presence-dot";
import { TypingIndicator } from "@/components/chat/awareness/typing-indicator";
import { typingText } from "@/components/chat/awareness/typing-text";
import { TypingThrottle } from "@/components/chat/awareness/typing-throttle";
import { ChatStore } from "@/components/chat/store/chat-store";
import { ChatStoreProvider } from "@/components/chat/store/context";
import { alice, bob, carol } from "./fixtures";

afterEach(() => vi.useRealTimers());

describe("typing throttle (client side)", () => {
  it("sends at most every 3 s while typing, stop at once on clear, nothing after a send", () => {
    let now = 0;
    const sent: boolean[] = [];
    const t = new TypingThrottle((typing) => sent.push(typing), () => now);
    t.input("h");
    now = 1_000;
    t.input("he");
    now = 2_999;
    t.input("hel");
    expect(sent).toEqual([true]);
    now = 3_000;
    t.input("hell");
    expect(sent).toEqual([true, true]);
    t.input("");
    expect(sent).toEqual([true, true, false]);
    t.input(""); // already stopped
    t.input("   "); // whitespace is not typing a message
    expect(sent).toEqual([true, true, false]);
    now = 3_100;
    t.input("again");
    expect(sent).toEqual([true, true, false, true]);
    t.sent();
    t.input(""); // the composer clears after a send: the message clears it on the server
    expect(sent).toEqual([true, true, false, true]);
    t.input("next");
    expect(sent).toEqual([true, true, false, true, true]);
  });
});

describe("typing text", () => {
  it("names one, two, three, then counts", () => {
    expect(typingText([])).toBe("");
    expect(typingText(["Alice Smith"])).toBe("Alice is typing…");
    expect(typingText(["Alice Smith", "Bob Jones"])).toBe("Alice and Bob are typing…");
    expect(typingText(["Alice", "Bob", "Carol"])).toBe("Alice, Bob and Carol are typing…");
    expect(typingText(["Alice", "Bob", "Carol", "Dan", "Eve"])).toBe("Alice, Bob and 3 others are typing…");
  });
});

describe("awareness store", () => {
  it("applies full snapshots and changes; offline removes", () => {
    const s = new AwarenessStore();
    s.handle("presence", { full: true, users: { a: "online", b: "away" } });
    s.handle("presence", { full: false, users: { a: "offline", c: "online" } });
    expect(s.getState().presence).toEqual({ b: "away", c: "online" });
    s.handle("presence", { full: true, users: { d: "online" } });
    expect(s.getState().presence).toEqual({ d: "online" });
    s.handle("presence", null);
    s.handle("presence", { users: "junk" });
    expect(s.getState().presence).toEqual({ d: "online" });
  });

  it("typing: replaced per conversation, cleared by the typer's message, a disconnect, or an 8 s backstop", () => {
    vi.useFakeTimers();
    const s = new AwarenessStore();
    s.handle("typing", { conversationId: "c", userIds: ["a", "b"] });
    s.messageArrived("c", "a");
    expect(s.getState().typing).toEqual({ c: ["b"] });
    s.disconnected();
    expect(s.getState().typing).toEqual({});
    s.handle("typing", { conversationId: "c", userIds: ["b"] });
    vi.advanceTimersByTime(7_999);
    expect(s.getState().typing.c).toEqual(["b"]);
    vi.advanceTimersByTime(1);
    expect(s.getState().typing).toEqual({});
  });
});

describe("presence and typing in the UI", () => {
  function renderWithStore(ui: React.ReactNode) {
    const store = new ChatStore(alice);
    render(<ChatStoreProvider value={store}>{ui}</ChatStoreProvider>);
    return store;
  }

  it("a dot shows offline, then online, then away, with text for screen readers", () => {
    const store = renderWithStore(<PresenceDot userId={bob.id} />);
    const dot = screen.getByTestId("presence-dot");
    expect(dot).toHaveAttribute("data-status", "offline");
    expect(dot).toHaveTextContent("Offline");
    act(() => store.handleSignal("presence", { full: true, users: { [bob.id]: "online" } }));
    expect(dot).toHaveAttribute("data-status", "online");
    expect(dot).toHaveTextContent("Online");
    act(() => store.handleSignal("presence", { full: false, users: { [bob.id]: "away" } }));
    expect(dot).toHaveTextContent("Away");
  });

  it("the indicator names the others typing, never me, and clears when the message arrives", () => {
    const names: Record<string, string> = { [bob.id]: bob.displayName, [carol.id]: carol.displayName };
    const store = renderWithStore(<TypingIndicator conversationId="c1" meId={alice.id} nameOf={(id) => names[id]} />);
    const line = screen.getByTestId("typing-indicator");
    expect(line).toHaveTextContent("");
    act(() => store.handleSignal("typing", { conversationId: "c1", userIds: [alice.id, bob.id] }));
    expect(line).toHaveTextContent("Bob is typing…");
    act(() => store.handleSignal("typing", { conversationId: "c1", userIds: [bob.id, carol.id] }));
    expect(line).toHaveTextContent("Bob and Carol are typing…");
    act(() => store.handleSignal("typing", { conversationId: "other", userIds: [] }));
    expect(line).toHaveTextContent("Bob and Carol are typing…");
    act(() =>
      store.handleEvent({
        type: "message.created",
        conversationId: "c1",
        seq: 5,
        at: "2025-03-01T10:00:00.000Z",
        message: { id: "m5", conversationId: "c1", seq: 5, senderId: bob.id, text: "hi", clientId: null, createdAt: "2025-03-01T10:00:00.000Z", editedAt: null, deletedAt: null, attachments: [], reactions: [], replyTo: null, mentions: [] },
      }),
    );
    expect(line).toHaveTextContent("Carol is typing…");
  });
});
