// @vitest-environment jsdom
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { SettingsView } from "@/components/chat/settings-view";
import { ApiError, type api as realApi } from "@/components/chat/api";
import { ChatStoreProvider } from "@/components/chat/store/context";
import { ChatStore } from "@/components/chat/store/chat-store";
import { mapStore } from "@/components/chat/local-store";
import { applyEvent, initialState, rememberPeople, type ChatState } from "@/components/chat/store/state";
import type { ConversationSummary } from "@/lib/chat/types";
import { alice, bob, carol, member, summary } from "./fixtures";

vi.mock("next/navigation", () => ({ useRouter: () => ({ push: vi.fn() }) }));

type Api = typeof realApi;
const renamed = { type: "member.updated" as const, conversationId: "c1", seq: 5, at: "2025-03-01T11:00:00.000Z", userId: bob.id, username: "bob", displayName: "Robert Jones" };

describe("member.updated in the client state", () => {
  const start = (): ChatState => {
    const list: ConversationSummary[] = [
      summary({ id: "c1", members: [member(alice), member(bob)] }),
      summary({ id: "g1", type: "group", name: "Crew", members: [member(alice), member(bob), member(carol)] }),
      summary({ id: "g2", type: "group", name: "Other", members: [member(alice), member(carol)] }),
    ];
    return rememberPeople({ ...initialState(alice), conversations: Object.fromEntries(list.map((c) => [c.id, c])) }, list);
  };

  it("renames the person in every conversation and in the people directory; others stay as they were", () => {
    const before = start();
    const after = applyEvent(before, renamed);
    for (const id of ["c1", "g1"]) expect(after.conversations[id].members.find((m) => m.userId === bob.id)?.displayName).toBe("Robert Jones");
    expect(after.conversations.g2).toBe(before.conversations.g2); // untouched: not a member there
    expect(after.people[bob.id]).toEqual({ username: "bob", displayName: "Robert Jones" });
    expect(after.me).toBe(before.me);
    // Replaying the same event changes nothing more.
    expect(applyEvent(after, renamed).conversations).toBe(after.conversations);
  });

  it("renames me when it is my own change (another tab of mine)", () => {
    const after = applyEvent(start(), { ...renamed, userId: alice.id, username: "alice", displayName: "Alice Liddell" });
    expect(after.me.displayName).toBe("Alice Liddell");
    expect(after.conversations.g1.members.find((m) => m.userId === alice.id)?.displayName).toBe("Alice Liddell");
  });
});

describe("ChatStore: search results open through the jump", () => {
  it("reveal names the message once; clearFocus takes only that request", () => {
    const store = new ChatStore(alice);
    store.reveal("c1", 42, "m42");
    const first = store.getState().focus!;
    expect(first).toMatchObject({ conversationId: "c1", messageId: "m42", seq: 42 });
    store.reveal("c1", 43, "m43");
    store.clearFocus(first.key); // an older request: the newer one stays
    expect(store.getState().focus).toMatchObject({ messageId: "m43" });
    store.clearFocus(store.getState().focus!.key);
    expect(store.getState().focus).toBeNull();
  });

  it("loadUntil waits for an older page already on its way instead of giving up", async () => {
    let release!: () => void;
    const pages = [
      { messages: [{ seq: 3 }, { seq: 4 }], nextCursor: 3 },
      { messages: [{ seq: 2 }], nextCursor: 2 },
      { messages: [{ seq: 1 }], nextCursor: null },
    ];
    const history = vi.fn(async () => {
      const page = pages.shift()!;
      if (page.messages[0].seq === 2) await new Promise<void>((r) => (release = r));
      return { messages: page.messages.map((m) => ({ ...summaryMessage(m.seq) })), nextCursor: page.nextCursor };
    });
    const a = { history, listConversations: vi.fn(async () => []), markRead: vi.fn(async () => 0) } as unknown as Api;
    const store = new ChatStore(alice, a, () => true, mapStore());
    await store.loadLatest("c1");
    const scrolling = store.loadOlder("c1"); // the list asked for more (scrolled to the top)
    const jumping = store.loadUntil("c1", 1);
    release();
    await scrolling;
    expect(await jumping).toBe(true);
    expect(store.getState().threads.c1.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
  });
});

function summaryMessage(seq: number) {
  return { id: `m${seq}`, conversationId: "c1", seq, senderId: bob.id, text: `m ${seq}`, clientId: null, createdAt: "2025-03-01T10:00:00.000Z", editedAt: null, deletedAt: null, attachments: [], reactions: [], replyTo: null, mentions: [] };
}

describe("SettingsView", { timeout: 20_000 }, () => {
  function setup() {
    const store = new ChatStore(alice);
    render(
      <ChatStoreProvider value={store}>
        <SettingsView />
      </ChatStoreProvider>,
    );
    return { store, user: userEvent.setup() };
  }

  it("saves a new display name, and refuses a blank one without asking the server", async () => {
    const { store, user } = setup();
    const save = vi.spyOn(store, "updateDisplayName").mockResolvedValue();
    const name = screen.getByLabelText("Display name");
    expect(name).toHaveValue("Alice Smith");
    await user.clear(name);
    await user.click(screen.getByRole("button", { name: "Save name" }));
    expect(name).toHaveAttribute("aria-invalid", "true");
    expect(name).toHaveAccessibleDescription(/cannot be empty/i);
    expect(save).not.toHaveBeenCalled();
    await user.type(name, "  Alice Liddell ");
    await user.click(screen.getByRole("button", { name: "Save name" }));
    expect(save).toHaveBeenCalledWith("Alice Liddell");
    expect(await screen.findByText(/Everyone sees your new name/)).toBeInTheDocument();
  });

  it("changes the password: checks the repeat, shows the server's refusal, reports signed-out sessions", async () => {
    const { store, user } = setup();
    const change = vi
      .spyOn(store, "changePassword")
      .mockRejectedValueOnce(new ApiError(403, "forbidden:password", "The current password is not right"))
      .mockResolvedValueOnce({ signedOut: 2 });
    await user.type(screen.getByLabelText("Current password"), "old password here");
    await user.type(screen.getByLabelText("New password"), "new password here");
    await user.type(screen.getByLabelText("Repeat the new password"), "new password HERE");
    await user.click(screen.getByRole("button", { name: "Change password" }));
    expect(screen.getByRole("alert")).toHaveTextContent("do not match");
    expect(change).not.toHaveBeenCalled();

    await user.clear(screen.getByLabelText("Repeat the new password"));
    await user.type(screen.getByLabelText("Repeat the new password"), "new password here");
    await user.click(screen.getByRole("button", { name: "Change password" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("The current password is not right");
    await user.click(screen.getByRole("button", { name: "Change password" }));
    expect(await screen.findByText("Password changed. 2 other sessions were signed out.")).toBeInTheDocument();
    expect(change).toHaveBeenLastCalledWith("old password here", "new password here");
    expect(screen.getByLabelText("Current password")).toHaveValue("");
  });
});
