// @vitest-environment jsdom
import { render, screen, within } from "@testing-library/react";
import { MessageList, type MessageListProps } from "@/components/chat/message-list";
import { describeSystemEntry } from "@/components/chat/system-entry";
import { applyEvent, initialState, type ChatState } from "@/components/chat/store/state";
import type { ChatEvent, SystemEntry } from "@/lib/chat/types";
import { alice, bob, carol, member, message, summary } from "./fixtures";

const names: Record<string, string> = { [alice.id]: "Alice Smith", [bob.id]: "Bob Jones", [carol.id]: "Carol King" };
const nameOf = (id: string) => names[id] ?? "Former member";
const entry = (over: Partial<SystemEntry> & Pick<SystemEntry, "seq" | "action">): SystemEntry => ({
  kind: "system",
  conversationId: "c1",
  at: "2025-03-01T10:00:00.000Z",
  actorId: alice.id,
  userId: null,
  name: null,
  promotedUserId: null,
  visibility: null,
  ...over,
});

describe("describeSystemEntry", { timeout: 20_000 }, () => {
  it("says what happened, naming the reader as you", () => {
    const say = (e: SystemEntry, me = carol.id) => describeSystemEntry(e, nameOf, me);
    expect(say(entry({ seq: 1, action: "created", name: "Launch" }))).toBe("Alice Smith created the group “Launch”");
    expect(say(entry({ seq: 1, action: "created" }))).toBe("Alice Smith started this conversation");
    expect(say(entry({ seq: 2, action: "added", userId: bob.id }))).toBe("Alice Smith added Bob Jones");
    expect(say(entry({ seq: 2, action: "added", userId: carol.id }))).toBe("Alice Smith added you");
    expect(say(entry({ seq: 3, action: "joined", actorId: bob.id, userId: bob.id }))).toBe("Bob Jones joined");
    expect(say(entry({ seq: 4, action: "removed", userId: bob.id }), alice.id)).toBe("You removed Bob Jones");
    expect(say(entry({ seq: 5, action: "left", actorId: alice.id, userId: alice.id, promotedUserId: bob.id }))).toBe(
      "Alice Smith left. Bob Jones is now an admin",
    );
    expect(say(entry({ seq: 5, action: "left", actorId: alice.id, userId: alice.id, promotedUserId: carol.id }))).toBe(
      "Alice Smith left. You are now an admin",
    );
    expect(say(entry({ seq: 6, action: "renamed", name: "Crew" }))).toBe("Alice Smith renamed the group to “Crew”");
    expect(say(entry({ seq: 7, action: "renamed", name: "X", actorId: null }))).toBe("Someone renamed the group to “X”");
  });
});

describe("MessageList with system entries", { timeout: 20_000 }, () => {
  it("places entries between messages by seq, and shows them in an otherwise empty conversation", () => {
    const props: MessageListProps = {
      messages: [message({ seq: 2, text: "first" }), message({ seq: 5, text: "second" })],
      system: [entry({ seq: 1, action: "created", name: "G" }), entry({ seq: 3, action: "added", userId: carol.id }), entry({ seq: 6, action: "renamed", name: "H" })],
      pending: [],
      meId: alice.id,
      nameOf,
      hasMore: false,
      loadingOlder: false,
      error: null,
      onLoadOlder: () => {},
      editingId: null,
      onStartEdit: () => {},
      onCancelEdit: () => {},
      onSaveEdit: async () => {},
      onDelete: async () => {},
      onRetry: () => {},
      onDiscard: () => {},
    };
    const { rerender } = render(<MessageList {...props} />);
    const list = screen.getByRole("list", { name: "Messages" });
    const order = within(list)
      .getAllByRole("listitem")
      .map((li) => li.getAttribute("data-system-seq") ?? li.getAttribute("data-message-id") ?? li.querySelector("[data-message-id]")?.getAttribute("data-message-id"))
      .filter(Boolean);
    expect(order).toEqual(["1", "m2", "3", "m5", "6"]);
    rerender(<MessageList {...props} messages={[]} system={[entry({ seq: 1, action: "created", name: "G" })]} />);
    expect(screen.getByText("You created the group “G”")).toBeInTheDocument();
    expect(screen.queryByText(/No messages yet/)).not.toBeInTheDocument();
  });
});

describe("client state under delta events", { timeout: 20_000 }, () => {
  const group = summary({ id: "c1", type: "group", name: "G", lastSeq: 5, members: [member(alice, "admin"), member(bob)] });
  const loaded = (): ChatState => {
    const s = initialState(alice);
    return { ...s, conversations: { c1: group }, threads: { c1: { messages: [], system: [], pending: [], nextCursor: null, status: "ready", loadingOlder: false, error: null } } };
  };
  const base = { conversationId: "c1", at: "2025-03-01T10:00:00.000Z", actorId: alice.id };
  const added = (seq: number, u = carol): Extract<ChatEvent, { type: "member.added" }> => ({ ...base, type: "member.added", seq, userId: u.id, member: { ...member(u), joinedSeq: seq } });
  const removed = (seq: number, userId: string, promotedUserId: string | null = null): ChatEvent => ({ ...base, type: "member.removed", seq, userId, promotedUserId });
  const apply = (s: ChatState, events: ChatEvent[]) => events.reduce(applyEvent, s);

  it("adds, removes, promotes and renames from the change alone, with timeline entries", () => {
    const s = apply(loaded(), [added(6), { ...base, type: "conversation.updated", seq: 7, changes: { name: "H" } }, removed(8, bob.id), removed(9, carol.id)]);
    expect(s.conversations.c1.name).toBe("H");
    expect(s.conversations.c1.members.map((m) => [m.userId, m.role])).toEqual([[alice.id, "admin"]]);
    expect(s.threads.c1.system.map((e) => `${e.seq}:${e.action}`)).toEqual(["6:added", "7:renamed", "8:removed", "9:removed"]);
    expect(s.people[carol.id]).toEqual({ username: "carol", displayName: "Carol King" });
  });

  it("converges when older events are replayed onto a newer snapshot", () => {
    // The snapshot already has Carol from a later join (seq 9) and Bob promoted.
    const newer = loaded();
    newer.conversations.c1 = { ...group, members: [member(alice, "admin"), { ...member(bob), role: "admin" }, { ...member(carol), joinedSeq: 9, lastReadSeq: 9 }] };
    const s = apply(newer, [added(6), removed(7, carol.id), added(9)]);
    expect(s.conversations.c1.members.find((m) => m.userId === carol.id)).toMatchObject({ joinedSeq: 9, lastReadSeq: 9 });
    expect(s.conversations.c1.members.map((m) => m.userId)).toEqual([alice.id, bob.id, carol.id]);
    // Applying the same events twice changes nothing more.
    expect(apply(s, [added(6), removed(7, carol.id), added(9)]).conversations.c1).toEqual(s.conversations.c1);
  });

  it("learns a conversation from the added person's own event, and drops it when removed", () => {
    const s0 = initialState(carol);
    const conversation = { ...group, members: [...group.members, { ...member(carol), joinedSeq: 6 }] };
    const s1 = applyEvent(s0, { ...added(6), conversation });
    expect(s1.conversations.c1.members.map((m) => m.userId)).toContain(carol.id);
    const s2 = applyEvent(s1, removed(7, carol.id));
    expect(s2.conversations.c1).toBeUndefined();
    expect(s2.removedFrom.c1).toBe("G");
  });
});
