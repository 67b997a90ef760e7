import type { Attachment, ChatEvent, Conversation, ConversationSummary, Message, User, Visibility } from "@/lib/chat/types";
import { api as defaultApi, ApiError, newClientId } from "../api";
import { AwarenessStore } from "../awareness/awareness-store";
import type { KeyValueStore } from "../local-store";
import { Outbox, type OutboxEntry, type OutboxStatus } from "../outbox";
import {
  applyEvent,
  applyMessage,
  conversationTitle,
  emptyThread,
  initialState,
  markReadLocally,
  rememberPeople,
  removeConversation,
  toSummary,
  upsertMessages,
  withThread,
  type ChatState,
  type ConnectionState,
  type PendingMessage,
} from "./state";
import { withConversationList, withThreadSeed, type ThreadSeed } from "./seed";
import { renamePerson, upsertSystem } from "./structural-events";

type Api = typeof defaultApi;
const PAGE = 50;
const SEEN_LIMIT = 5000;

/**
 * The one client-side store: holds ChatState, runs the HTTP calls and applies stream events.
 * Components read it through useSyncExternalStore (see context.tsx) and stay free of fetch logic.
 */
export class ChatStore {
  private state: ChatState;
  /** What the server rendered from: hydration must start from it, whatever has arrived since. */
  private initial: ChatState;
  /** Threads that came from the server's page: refreshed once when opened with the stream up. */
  private readonly seeded = new Set<string>();
  /** Until the stream is up (or given up on), a seeded thread shows as rendered: no early fetch. */
  private deferSeeded = true;
  private readonly listeners = new Set<() => void>();
  /** "conversationId:seq" of events already applied; the stream may repeat some across reconnects. */
  private readonly seen = new Set<string>();
  private readonly readInFlight = new Set<string>();
  private announceKey = 0;
  private readonly outbox: Outbox;
  private listLoad: Promise<void> | null = null;
  private waitingForStream = false;
  private everLive = false;
  private startTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly newMessageListeners = new Set<(message: Message) => void>();
  /** The conversation on screen; it is marked read as messages arrive. */
  activeId: string | null = null;
  /** Presence and typing (ephemeral; kept apart from ChatState). */
  readonly awareness = new AwarenessStore();

  constructor(
    me: User,
    private readonly api: Api = defaultApi,
    private readonly isVisible: () => boolean = () =>
      typeof document === "undefined" || document.visibilityState !== "hidden",
    outboxStorage?: KeyValueStore,
  ) {
    this.state = this.initial = initialState(me);
    this.outbox = new Outbox(me.id, {
      send: (conversationId, text, clientId, replyToId, attachmentIds) =>
        attachmentIds?.length
          ? this.api.send(conversationId, text, clientId, replyToId, attachmentIds)
          : replyToId
            ? this.api.send(conversationId, text, clientId, replyToId)
            : this.api.send(conversationId, text, clientId),
      onSent: (_entry, msg) => this.update((s) => applyMessage(s, msg, { isNew: true })),
      onStatus: (entry, status, error) => this.setPendingStatus(entry, status, error),
      storage: outboxStorage,
    });
  }

  getState = (): ChatState => this.state;

  getInitialState = (): ChatState => this.initial;

  /**
   * Starts from what the server rendered (store/seed.ts): both the live and the hydration state
   * get it. Called while rendering, before anything reads it, so it tells no listener.
   */
  seedConversations(list: ConversationSummary[]) {
    this.state = withConversationList(this.state, list);
    this.initial = withConversationList(this.initial, list);
  }

  /** A thread from the server's page, unless this store already has it (then the seed is older). */
  seedThread(id: string, seed: ThreadSeed) {
    if (!this.state.threads[id]) this.seeded.add(id);
    this.state = withThreadSeed(this.state, id, seed);
    this.initial = withThreadSeed(this.initial, id, seed);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private update(fn: (s: ChatState) => ChatState) {
    const next = fn(this.state);
    if (next === this.state) return;
    this.state = next;
    for (const l of this.listeners) l();
  }

  /** Called once for each new message from someone else that arrives live (for notifications). */
  onNewMessage(listener: (message: Message) => void): () => void {
    this.newMessageListeners.add(listener);
    return () => this.newMessageListeners.delete(listener);
  }

  private announce(text: string) {
    this.update((s) => ({ ...s, announcement: { key: ++this.announceKey, text } }));
  }

  private ingestConversation(c: Conversation | ConversationSummary) {
    this.update((s) => {
      const next = rememberPeople(s, [c]);
      const removedFrom = { ...next.removedFrom };
      delete removedFrom[c.id];
      return {
        ...next,
        removedFrom,
        conversations: { ...next.conversations, [c.id]: toSummary(c, next.conversations[c.id]) },
      };
    });
  }

  // ---- conversations -------------------------------------------------------------------------

  /**
   * Coalesces: a call while a list request is in flight shares it. `fresh` (after the stream
   * (re)connects) wants an answer read after now, so it follows the one in flight instead.
   */
  loadConversations(opts: { fresh?: boolean } = {}): Promise<void> {
    if (this.listLoad && !opts.fresh) return this.listLoad;
    const load: Promise<void> = (this.listLoad ?? Promise.resolve())
      .then(() => this.fetchConversations())
      .finally(() => {
        if (this.listLoad === load) this.listLoad = null;
      });
    this.listLoad = load;
    return load;
  }

  private async fetchConversations() {
    try {
      const list = await this.api.listConversations();
      this.update((s) => {
        const conversations: ChatState["conversations"] = {};
        for (const c of list) {
          const prev = s.conversations[c.id];
          // A list fetched just before a live event must not roll the preview or the count back.
          const keepLocal = prev?.lastMessage && (!c.lastMessage || prev.lastMessage.seq > c.lastMessage.seq);
          conversations[c.id] = keepLocal
            ? {
                ...c,
                lastMessage: prev.lastMessage,
                lastActivityAt: prev.lastActivityAt,
                unreadCount: Math.max(c.unreadCount, prev.unreadCount),
              }
            : c;
        }
        return { ...rememberPeople(s, list), conversations, listStatus: "ready", listError: null };
      });
      if (this.activeId) void this.markRead(this.activeId);
    } catch (err) {
      this.update((s) => ({ ...s, listStatus: s.listStatus === "ready" ? "ready" : "error", listError: message(err) }));
    }
  }

  async openDirect(userId: string): Promise<string> {
    const c = await this.api.openDirect(userId);
    this.ingestConversation(c);
    return c.id;
  }

  async createGroup(name: string, memberIds: string[], visibility: Visibility = "private"): Promise<string> {
    const c = await this.api.createGroup(name, memberIds, visibility);
    this.ingestConversation(c);
    return c.id;
  }

  async renameGroup(id: string, name: string) {
    this.ingestConversation(await this.api.renameGroup(id, name));
  }

  /** Saves my display name; the answer (and member.updated events) update it everywhere. */
  async updateDisplayName(displayName: string) {
    const user = await this.api.updateProfile(displayName);
    this.update((s) => renamePerson(s, { userId: user.id, username: user.username, displayName: user.displayName }));
  }

  /** Changes my password; the server signs out my other sessions and says how many. */
  changePassword(currentPassword: string, newPassword: string): Promise<{ signedOut: number }> {
    return this.api.changePassword(currentPassword, newPassword);
  }

  async setVisibility(id: string, visibility: Visibility) {
    this.ingestConversation(await this.api.setVisibility(id, visibility));
  }

  async joinChannel(id: string) {
    this.ingestConversation(await this.api.joinChannel(id));
  }

  async addMember(id: string, userId: string) {
    this.ingestConversation(await this.api.addMember(id, userId));
  }

  async removeMember(id: string, userId: string) {
    const c = await this.api.removeMember(id, userId);
    if (userId === this.state.me.id) this.update((s) => removeConversation(s, id));
    else this.ingestConversation(c);
  }

  dismissRemoved(id: string) {
    this.update((s) => {
      if (!s.removedFrom[id]) return s;
      const removedFrom = { ...s.removedFrom };
      delete removedFrom[id];
      return { ...s, removedFrom };
    });
  }

  // ---- messages ------------------------------------------------------------------------------

  /**
   * Loads what the page shows once the stream is open, so nothing that happens in between is missed
   * and nothing is fetched twice (the first `ready` would otherwise refetch it). If the stream has not
   * opened after a moment, loads over plain HTTP anyway.
   */
  start(fallbackMs = 3000) {
    if (this.everLive) return;
    this.waitingForStream = true;
    this.startTimer ??= setTimeout(() => {
      this.startTimer = null;
      if (!this.waitingForStream) return;
      this.waitingForStream = false;
      this.deferSeeded = false;
      void this.loadConversations();
      if (this.activeId) void this.open(this.activeId);
    }, fallbackMs);
  }

  /** Shows a conversation: loads it if needed and marks it read. */
  async open(id: string) {
    this.activeId = id;
    if (this.waitingForStream) return; // the first ready loads it
    // The view opens before the shell starts the stream (children's effects run first).
    if (this.deferSeeded && this.seeded.has(id)) return;
    const tasks: Promise<unknown>[] = [];
    const thread = this.state.threads[id];
    if (this.seeded.delete(id)) {
      // Read when the page was rendered: what happened since comes with the newest page, and
      // unsent messages of this browser (the server never saw them) join the thread now.
      const restored = this.restoredPending(id);
      if (restored.length) this.update((s) => withThread(s, id, (t) => ({ ...t, pending: [...t.pending, ...restored] })));
      tasks.push(this.loadLatest(id));
    } else if (!thread || thread.status === "error") tasks.push(this.loadLatest(id));
    if (this.listLoad) await this.listLoad; // it probably brings this conversation
    if (!this.state.conversations[id]) {
      tasks.push(
        this.api.getConversation(id).then(
          (c) => this.ingestConversation(c),
          (err) => this.update((s) => withThread(s, id, (t) => ({ ...t, status: "error", error: message(err) }))),
        ),
      );
    }
    await Promise.all(tasks);
    void this.markRead(id);
  }

  close(id: string) {
    if (this.activeId === id) this.activeId = null;
  }

  /** Fetches the newest page and merges it; after a long gap the older part is dropped, not stitched. */
  async loadLatest(id: string) {
    this.update((s) =>
      withThread(s, id, (t) => (s.threads[id] ? t : { ...emptyThread, pending: this.restoredPending(id), status: "loading" })),
    );
    try {
      const page = await this.api.history(id, null, PAGE);
      const fetched = [...page.messages].reverse();
      this.update((s) => rememberPeople(s, [], page.senders));
      this.update((s) =>
        withThread(s, id, (t) => {
          const newestKnown = t.messages.at(-1)?.seq ?? 0;
          const gap = fetched.length > 0 && page.nextCursor !== null && fetched[0].seq > newestKnown;
          const base = t.messages.length === 0 || gap ? [] : t.messages;
          return {
            ...t,
            messages: upsertMessages(base, fetched),
            system: upsertSystem(base.length === 0 ? [] : (t.system ?? []), page.system ?? []),
            nextCursor: base.length === 0 ? page.nextCursor : t.nextCursor,
            pending: t.pending.filter((p) => !fetched.some((m) => m.clientId === p.clientId)),
            status: "ready",
            error: null,
          };
        }),
      );
    } catch (err) {
      this.update((s) =>
        withThread(s, id, (t) => (t.status === "ready" ? t : { ...t, status: "error", error: message(err) })),
      );
    }
  }

  async loadOlder(id: string) {
    const t = this.state.threads[id];
    if (!t || t.loadingOlder || t.nextCursor === null || t.status !== "ready") return;
    this.update((s) => withThread(s, id, (th) => ({ ...th, loadingOlder: true, error: null })));
    try {
      const page = await this.api.history(id, t.nextCursor, PAGE);
      this.update((s) => rememberPeople(s, [], page.senders));
      this.update((s) =>
        withThread(s, id, (th) => ({
          ...th,
          messages: upsertMessages(th.messages, page.messages),
          system: upsertSystem(th.system ?? [], page.system ?? []),
          nextCursor: page.nextCursor,
          loadingOlder: false,
        })),
      );
    } catch (err) {
      this.update((s) => withThread(s, id, (th) => ({ ...th, loadingOlder: false, error: message(err) })));
    }
  }

  /** Shows the message at once as pending; the outbox sends it (and again, same clientId, if unsure). */
  send(id: string, text: string, opts: { replyToId?: string; attachments?: Attachment[] } = {}) {
    const clientId = newClientId();
    const createdAt = new Date().toISOString();
    this.update((s) =>
      withThread(s, id, (t) => ({
        ...t,
        pending: [...t.pending, { clientId, text, createdAt, status: "pending", error: null, ...opts }],
      })),
    );
    this.outbox.add({ conversationId: id, clientId, text, createdAt, ...opts });
    return clientId;
  }

  /** For a message the server refused; unknown outcomes are retried by the outbox on its own. */
  retry(_id: string, clientId: string) {
    this.outbox.retry(clientId);
  }

  discard(id: string, clientId: string) {
    this.outbox.discard(clientId);
    this.update((s) => withThread(s, id, (t) => ({ ...t, pending: t.pending.filter((p) => p.clientId !== clientId) })));
  }

  private setPendingStatus(entry: OutboxEntry, status: OutboxStatus, error: string | null) {
    this.update((s) =>
      withThread(s, entry.conversationId, (t) =>
        t.pending.some((p) => p.clientId === entry.clientId && (p.status !== status || p.error !== error))
          ? { ...t, pending: t.pending.map((p) => (p.clientId === entry.clientId ? { ...p, status, error } : p)) }
          : t,
      ),
    );
  }

  /** Outbox entries of a conversation, as pending rows (after a reload they come from storage). */
  private restoredPending(id: string): PendingMessage[] {
    return this.outbox.forConversation(id).map((e) => ({
      clientId: e.clientId,
      text: e.text,
      attachments: e.attachments,
      createdAt: e.createdAt,
      replyToId: e.replyToId,
      status: e.refused ? "failed" : "waiting",
      error: e.refused,
    }));
  }

  /** Stops background work (the outbox timer); the page is going away. */
  dispose() {
    this.outbox.stop();
    this.awareness.dispose();
    if (this.startTimer) clearTimeout(this.startTimer);
    this.startTimer = null;
  }

  /** Throws ApiError so the inline editor can show why. */
  async edit(messageId: string, text: string) {
    const msg = await this.api.edit(messageId, text);
    this.update((s) => applyMessage(s, msg, { isNew: false }));
  }

  async remove(messageId: string) {
    const msg = await this.api.remove(messageId);
    this.update((s) => applyMessage(s, msg, { isNew: false }));
  }

  /** Toggles my reaction; the answer (and the live event) carry everyone's current reactions. */
  async react(messageId: string, emoji: string, on: boolean) {
    const msg = await this.api.react(messageId, emoji, on);
    this.update((s) => applyMessage(s, msg, { isNew: false }));
  }

  /**
   * Asks for a message to be shown in context (a search result). The conversation's view does the
   * jump (useJumpToMessage, as for a reply's parent) once its history has loaded, so opening a
   * conversation and jumping into it do not race each other's page loads.
   */
  reveal(id: string, seq: number, messageId: string) {
    this.update((s) => ({ ...s, focus: { conversationId: id, messageId, seq, key: ++this.announceKey } }));
  }

  /** The view has taken the reveal request with this key. */
  clearFocus(key: number) {
    if (this.state.focus?.key === key) this.update((s) => ({ ...s, focus: null }));
  }

  /**
   * Loads older pages until the message at `seq` is in the thread (a reply's parent); false when
   * history ends first or a page fails.
   */
  async loadUntil(id: string, seq: number): Promise<boolean> {
    for (;;) {
      // A page the list itself asked for (scrolled to the top) may be on its way: wait for it
      // rather than read its "nothing new" as the end of history.
      await this.olderPageSettled(id);
      const t = this.state.threads[id];
      if (!t || t.status !== "ready") return false;
      if ((t.messages[0]?.seq ?? Infinity) <= seq) return true;
      if (t.nextCursor === null) return false;
      await this.loadOlder(id);
      const after = this.state.threads[id];
      if (!after || after.error || after.messages[0]?.seq === t.messages[0]?.seq) return false;
    }
  }

  private olderPageSettled(id: string): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.state.threads[id]?.loadingOlder) return false;
        resolve();
        return true;
      };
      if (check()) return;
      const stop = this.subscribe(() => {
        if (check()) stop();
      });
    });
  }

  /**
   * Set by the UI that shows messages: reads then follow what the message list reports as seen
   * (reportSeen) instead of jumping to the newest message on open.
   */
  readsFollowScreen = false;
  /** Highest seq the message list has had on screen, per conversation. */
  private readonly seenUpTo = new Map<string, number>();
  private readonly readAgain = new Set<string>();

  reportSeen(id: string, seq: number) {
    if (seq <= (this.seenUpTo.get(id) ?? 0)) return;
    this.seenUpTo.set(id, seq);
    void this.markRead(id);
  }

  async markRead(id: string) {
    if (this.activeId !== id || !this.isVisible()) return;
    if (this.readInFlight.has(id)) {
      this.readAgain.add(id);
      return;
    }
    const c = this.state.conversations[id];
    const messages = this.state.threads[id]?.messages ?? [];
    const seen = this.seenUpTo.get(id);
    let latest: Message | null | undefined = messages.at(-1) ?? c?.lastMessage;
    if (this.readsFollowScreen) {
      // Only what has been on screen: before the first page has loaded (the list can answer first)
      // nothing has been, and falling back to the last message would mark everything read.
      latest = seen === undefined ? undefined : messages.findLast((m) => m.seq <= seen);
    }
    if (!c || !latest) return;
    const mine = c.members.find((m) => m.userId === this.state.me.id);
    if ((mine?.lastReadSeq ?? 0) >= latest.seq && (c.unreadCount === 0 || latest !== messages.at(-1))) return;
    this.readInFlight.add(id);
    try {
      const lastReadSeq = await this.api.markRead(id, latest.id);
      this.update((s) => markReadLocally(s, id, lastReadSeq));
    } catch {
      // Not worth bothering the person: the next message or reopening marks it again.
    } finally {
      this.readInFlight.delete(id);
      if (this.readAgain.delete(id)) void this.markRead(id);
    }
  }

  private listTimer: ReturnType<typeof setTimeout> | null = null;

  /** Coalesces bursts of events about unknown conversations into one list fetch. */
  private refreshListSoon() {
    if (this.listTimer) return;
    this.listTimer = setTimeout(() => {
      this.listTimer = null;
      void this.loadConversations();
    }, 300);
  }

  // ---- stream --------------------------------------------------------------------------------

  setConnection(connection: ConnectionState) {
    const was = this.state.connection;
    this.update((s) => (s.connection === connection ? s : { ...s, connection }));
    if (connection !== "live") this.awareness.disconnected();
    // Back online (or connected for the first time since a reload): send what is waiting, now.
    if (connection === "live" && was !== "live") this.outbox.resume();
  }

  /** After (re)connecting, refresh what may have changed while no stream was open. */
  resync() {
    const first = this.waitingForStream;
    this.waitingForStream = false;
    this.deferSeeded = false;
    this.everLive = true;
    void this.loadConversations({ fresh: true });
    if (!this.activeId) return;
    const id = this.activeId;
    // The view opens before the shell starts (children's effects run first), so a thread may have
    // been fetched before the stream was up: what was sent in between comes only with a new fetch.
    const fetchedBefore = !!this.state.threads[id] && !this.seeded.has(id);
    if (first) {
      void this.open(id);
      if (fetchedBefore) void this.loadLatest(id);
    } else if (this.state.threads[id]) void this.loadLatest(id);
    else void this.open(id);
  }

  /**
   * The server skipped a replay too long to stream (`reset`): anything held may be stale, so
   * drop the loaded threads (unsent messages stay); the `ready` that always follows refetches
   * the list and the open one.
   */
  reset() {
    this.update((s) => {
      const threads: ChatState["threads"] = {};
      for (const [id, t] of Object.entries(s.threads)) {
        if (id !== this.activeId && t.pending.length === 0) continue;
        // "error" makes open() load it again; the open one is loaded right below.
        threads[id] = { ...emptyThread, pending: t.pending, status: id === this.activeId ? "loading" : "error" };
      }
      return { ...s, threads };
    });
  }

  handleSignal(event: string, data: unknown) {
    this.awareness.handle(event, data);
  }

  handleEvent(event: ChatEvent) {
    const key = `${event.conversationId}:${event.seq}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    if (this.seen.size > SEEN_LIMIT) this.seen.delete(this.seen.values().next().value as string);

    const before = this.state;
    this.update((s) => applyEvent(s, event));
    const id = event.conversationId;

    if (event.type === "message.created") this.awareness.messageArrived(id, event.message.senderId);
    if (event.type === "message.created" && event.message.senderId !== before.me.id) {
      const known =
        before.threads[id]?.messages.some((m) => m.id === event.message.id) ||
        (before.conversations[id]?.lastMessage?.seq ?? 0) >= event.message.seq;
      const c = this.state.conversations[id];
      if (!known && c && !event.message.deletedAt) {
        for (const listener of this.newMessageListeners) listener(event.message);
        const sender = this.state.people[event.message.senderId]?.displayName ?? "Someone";
        const title = conversationTitle(c, before.me.id);
        this.announce(
          this.activeId === id
            ? `${sender}: ${event.message.text ?? ""}`
            : c.type === "group"
              ? `New message from ${sender} in ${title}`
              : `New message from ${sender}`,
        );
      }
      if (this.activeId === id) void this.markRead(id);
    }
    const unknown = !before.conversations[id] && !this.state.removedFrom[id];
    if (unknown && event.type !== "conversation.created" && event.type !== "member.removed") {
      // Added to a conversation with history, or an event about one we have not seen yet:
      // fetch the summaries for the preview and unread count.
      this.refreshListSoon();
    }
    if (event.type === "member.removed" && event.userId === before.me.id && before.conversations[id]) {
      this.announce(`You were removed from ${conversationTitle(before.conversations[id], before.me.id)}`);
    }
  }
}

function message(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return "Something went wrong. Try again.";
}
