// @vitest-environment jsdom
import { act, render, renderHook, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { noticeFor } from "@/components/chat/notifications/decide";
import { MuteButton } from "@/components/chat/notifications/mute-button";
import { NotificationToggle } from "@/components/chat/notifications/notification-toggle";
import { NotificationPrefs } from "@/components/chat/notifications/prefs";
import { useDesktopNotifications } from "@/components/chat/notifications/use-desktop-notifications";
import { NotificationPrefsProvider } from "@/components/chat/notifications/use-prefs";
import { mapStore } from "@/components/chat/local-store";
import { ChatStore } from "@/components/chat/store/chat-store";
import type { api as realApi } from "@/components/chat/api";
import type { ChatEvent, Message } from "@/lib/chat/types";
import { alice, bob, carol, member, message, summary } from "./fixtures";

const push = vi.fn();
vi.mock("next/navigation", () => ({ useRouter: () => ({ push }) }));

const dm = summary({ id: "c1" });
const group = summary({ id: "g1", type: "group", name: "Launch crew", members: [member(alice), member(bob), member(carol)] });
const base = { meId: alice.id, senderName: "Bob Jones", muted: false, hidden: true };
const withMentions = (m: Message, ids: string[]) => ({ ...m, mentions: ids }) as Message;

describe("which messages notify", () => {
  it("direct messages while the tab is hidden", () => {
    expect(noticeFor({ ...base, conversation: dm, message: message({ seq: 2, text: "lunch?" }) })).toEqual({
      title: "Bob Jones",
      body: "lunch?",
      tag: "chat-c1",
      conversationId: "c1",
    });
  });

  it("nothing while the tab is visible, for my own or deleted messages, or in a muted conversation", () => {
    const m = message({ seq: 2 });
    expect(noticeFor({ ...base, hidden: false, conversation: dm, message: m })).toBeNull();
    expect(noticeFor({ ...base, muted: true, conversation: dm, message: m })).toBeNull();
    expect(noticeFor({ ...base, conversation: dm, message: message({ seq: 2, senderId: alice.id }) })).toBeNull();
    expect(noticeFor({ ...base, conversation: dm, message: message({ seq: 2, deletedAt: "2025-03-01T10:00:00.000Z" }) })).toBeNull();
  });

  it("in groups only when I am @mentioned", () => {
    const plain = message({ seq: 3, conversationId: "g1", text: "hello all" });
    expect(noticeFor({ ...base, conversation: group, message: plain })).toBeNull();
    expect(noticeFor({ ...base, conversation: group, message: withMentions(plain, [carol.id]) })).toBeNull();
    expect(noticeFor({ ...base, conversation: group, message: withMentions(plain, [alice.id]) })).toMatchObject({
      title: "Bob Jones mentioned you in Launch crew",
      body: "hello all",
    });
  });

  it("shortens long texts", () => {
    const n = noticeFor({ ...base, conversation: dm, message: message({ seq: 2, text: "x".repeat(500) }) });
    expect(n!.body).toHaveLength(140);
    expect(n!.body.endsWith("…")).toBe(true);
  });
});

class FakeNotification {
  static permission: NotificationPermission = "default";
  static requestPermission = vi.fn(async () => FakeNotification.permission);
  static shown: FakeNotification[] = [];
  onclick: (() => void) | null = null;
  close = vi.fn();
  constructor(
    readonly title: string,
    readonly options: NotificationOptions,
  ) {
    FakeNotification.shown.push(this);
  }
}

function setVisibility(state: "visible" | "hidden") {
  Object.defineProperty(document, "visibilityState", { configurable: true, get: () => state });
}

beforeEach(() => {
  FakeNotification.permission = "default";
  FakeNotification.requestPermission.mockClear();
  FakeNotification.shown = [];
  vi.stubGlobal("Notification", FakeNotification);
  push.mockClear();
  setVisibility("visible");
});
afterEach(() => vi.unstubAllGlobals());

function withPrefs(prefs: NotificationPrefs, ui: React.ReactNode) {
  return <NotificationPrefsProvider value={prefs}>{ui}</NotificationPrefsProvider>;
}

describe("NotificationToggle", () => {
  it("never asks for permission by itself; asks on a click and turns on when granted", async () => {
    const prefs = new NotificationPrefs(alice.id, mapStore());
    render(withPrefs(prefs, <NotificationToggle />));
    const toggle = screen.getByRole("button", { name: "Desktop notifications" });
    expect(toggle).toHaveAttribute("aria-pressed", "false");
    expect(FakeNotification.requestPermission).not.toHaveBeenCalled();

    FakeNotification.requestPermission.mockResolvedValueOnce("granted");
    await userEvent.setup().click(toggle);
    expect(FakeNotification.requestPermission).toHaveBeenCalledTimes(1);
    expect(toggle).toHaveAttribute("aria-pressed", "true");
    expect(prefs.getState().enabled).toBe(true);
  });

  it("says so when the browser blocks notifications", () => {
    FakeNotification.permission = "denied";
    render(withPrefs(new NotificationPrefs(alice.id, mapStore()), <NotificationToggle />));
    expect(screen.getByRole("button", { name: /Desktop notifications/ })).toBeDisabled();
    expect(screen.getByText("(blocked)")).toBeInTheDocument();
  });
});

describe("MuteButton", () => {
  it("mutes and unmutes one conversation, remembered for the next visit", async () => {
    const storage = mapStore();
    const prefs = new NotificationPrefs(alice.id, storage);
    render(withPrefs(prefs, <MuteButton conversationId="c1" />));
    const button = screen.getByRole("button", { name: "Mute conversation" });
    await userEvent.setup().click(button);
    expect(button).toHaveAttribute("aria-pressed", "true");
    expect(new NotificationPrefs(alice.id, storage).isMuted("c1")).toBe(true);
    expect(new NotificationPrefs(alice.id, storage).isMuted("c2")).toBe(false);
    await userEvent.setup().click(button);
    expect(prefs.isMuted("c1")).toBe(false);
  });
});

describe("desktop notifications from live messages", () => {
  async function setup(enabled = true) {
    FakeNotification.permission = "granted";
    const api = { listConversations: () => Promise.resolve([dm, group]), markRead: () => Promise.resolve(0) } as unknown as typeof realApi;
    const store = new ChatStore(alice, api, () => document.visibilityState !== "hidden", mapStore());
    await store.loadConversations();
    const prefs = new NotificationPrefs(alice.id, mapStore());
    prefs.setEnabled(enabled);
    renderHook(() => useDesktopNotifications(store, prefs));
    const deliver = (m: Message) =>
      act(() => store.handleEvent({ type: "message.created", conversationId: m.conversationId, seq: m.seq, at: m.createdAt, message: m } as ChatEvent));
    return { store, prefs, deliver };
  }

  it("shows one for a DM while hidden, and a click opens that conversation", async () => {
    const { deliver } = await setup();
    setVisibility("hidden");
    deliver(message({ seq: 5, text: "are you there?" }));
    expect(FakeNotification.shown.map((n) => [n.title, n.options.body])).toEqual([["Bob Jones", "are you there?"]]);
    FakeNotification.shown[0].onclick!();
    expect(push).toHaveBeenCalledWith("/chat/c1");
  });

  it("shows none while visible, when turned off, or for a muted conversation", async () => {
    const { deliver, prefs } = await setup();
    deliver(message({ seq: 5 }));
    setVisibility("hidden");
    prefs.setMuted("c1", true);
    deliver(message({ seq: 6 }));
    prefs.setMuted("c1", false);
    prefs.setEnabled(false);
    deliver(message({ seq: 7 }));
    expect(FakeNotification.shown).toEqual([]);
  });

  it("shows one for an @mention in a group", async () => {
    const { deliver } = await setup();
    setVisibility("hidden");
    deliver(withMentions(message({ seq: 5, conversationId: "g1", text: "@alice look" }), [alice.id]));
    expect(FakeNotification.shown.map((n) => n.title)).toEqual(["Bob Jones mentioned you in Launch crew"]);
  });
});
