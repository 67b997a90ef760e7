"use client";

import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Avatar } from "@/components/ui/avatar";
import { cn } from "@/components/ui/cn";
import { Skeleton } from "@/components/ui/skeleton";
import { button } from "@/components/ui/styles";
import { WithPresence } from "./awareness/presence-dot";
import { PresenceText } from "./awareness/presence-text";
import { TypingIndicator } from "./awareness/typing-indicator";
import { useTypingSender } from "./awareness/use-typing-sender";
import { Composer } from "./composer";
import { ConversationHeading } from "./conversation-heading";
import { ConnectionStatus, ReconnectingBanner } from "./connection-status";
import { Drafts } from "./drafts";
import type { FormNoticeCode } from "./form-notice";
import { FormNoticeBar } from "./form-notice-bar";
import { GroupPanel } from "./group-panel";
import { NoJsEditContext } from "./message-forms-fallback";
import { MessageList } from "./message-list";
import { MuteButton } from "./notifications/mute-button";
import { useChatState, useChatStore } from "./store/context";
import type { ThreadSeed } from "./store/seed";
import { useHydrated } from "./use-hydrated";
import { useJumpToMessage } from "./use-jump-to-message";
import type { Message } from "@/lib/chat/types";
import { replyExcerpt } from "@/lib/chat/message-shape";
import { conversationTitle } from "./store/state";
import type { SystemEntry } from "@/lib/chat/types";

/** Below Tailwind's lg breakpoint the group panel is laid over the conversation instead of beside it. */
const PANEL_BESIDE = "(min-width: 64rem)";

function subscribePanelBeside(onChange: () => void) {
  const query = window.matchMedia(PANEL_BESIDE);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}

/** True while the group panel, if open, covers the conversation (narrow screens). */
function usePanelCovers(): boolean {
  return useSyncExternalStore(
    subscribePanelBeside,
    () => !window.matchMedia(PANEL_BESIDE).matches,
    () => false,
  );
}

export function ConversationView({ conversationId: id, seed, notice = null, formClientId, editId = null }: {
  conversationId: string;
  /** The newest page as the server read it for this page (see store/seed.ts). */
  seed?: ThreadSeed;
  /** What a form sent without JavaScript came to (`?notice=`). */
  notice?: FormNoticeCode | null;
  /** For the composer's no-JavaScript form: one id per rendered page, so a resubmission is one message. */
  formClientId?: string;
  /** Without JavaScript: the message whose edit and delete forms show (`?edit=`). */
  editId?: string | null;
}) {
  const store = useChatStore();
  // Before anything reads the store: on the server and while hydrating, this is what shows.
  useState(() => seed && store.seedThread(id, seed));
  const hydrated = useHydrated();
  const router = useRouter();
  const me = useChatState((s) => s.me);
  const conversation = useChatState((s) => s.conversations[id]);
  const thread = useChatState((s) => s.threads[id]);
  const removedTitle = useChatState((s) => s.removedFrom[id]);
  const people = useChatState((s) => s.people);
  const connection = useChatState((s) => s.connection);
  const focus = useChatState((s) => s.focus);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [replyingTo, setReplyingTo] = useState<Message | null>(null);
  const { jumpTarget, jumpError, jumpTo } = useJumpToMessage(store, id);
  const threadReady = thread?.status === "ready";
  // A search result opened in this conversation: jump to it like to a reply's parent.
  useEffect(() => {
    if (!focus || focus.conversationId !== id || !threadReady) return;
    store.clearFocus(focus.key);
    void jumpTo({ id: focus.messageId, seq: focus.seq });
  }, [focus, id, threadReady, store, jumpTo]);
  const [panelOpen, setPanelOpen] = useState(false);
  const panelCovers = usePanelCovers();
  const detailsRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const panelWasOpen = useRef(false);
  const drafts = useMemo(() => new Drafts(me.id), [me.id]);
  const typing = useTypingSender(id);
  // Where unread messages began when this conversation was opened; kept while it stays open.
  const [readUpTo, setReadUpTo] = useState<number | null | undefined>(undefined);
  if (readUpTo === undefined && conversation) {
    const mine = conversation.members.find((m) => m.userId === me.id);
    setReadUpTo(conversation.unreadCount > 0 ? (mine?.lastReadSeq ?? 0) : null);
  }

  // Keyboard focus follows the panel: into it when it opens (on narrow screens it covers what had
  // focus), and back to "Details" when closing it dropped focus with the panel.
  useEffect(() => {
    if (panelOpen && !panelWasOpen.current) panelRef.current?.querySelector<HTMLElement>("button, input")?.focus();
    else if (!panelOpen && panelWasOpen.current && (!document.activeElement || document.activeElement === document.body)) {
      detailsRef.current?.focus();
    }
    panelWasOpen.current = panelOpen;
  }, [panelOpen]);

  useEffect(() => {
    void store.open(id);
    return () => store.close(id);
  }, [store, id]);

  const title = conversation ? conversationTitle(conversation, me.id) : "";
  useEffect(() => {
    if (title) document.title = `${title} · Chat`;
  }, [title]);

  const loadOlder = useCallback(() => void store.loadOlder(id), [store, id]);
  const onSeen = useCallback((seq: number) => store.reportSeen(id, seq), [store, id]);
  const nameOf = useCallback((userId: string) => people[userId]?.displayName ?? "Former member", [people]);
  const usernameOf = useCallback((userId: string) => people[userId]?.username, [people]);
  const react = useCallback((messageId: string, emoji: string, on: boolean) => store.react(messageId, emoji, on), [store]);

  if (!conversation) {
    if (removedTitle) {
      return (
        <Notice title={`You are no longer in ${removedTitle}`}>
          You were removed from this conversation or left it, so its messages are no longer shown.
        </Notice>
      );
    }
    if (thread?.status === "error") {
      return <Notice title="Conversation not available">{thread.error ?? "It does not exist or you are not a member."}</Notice>;
    }
    return <Skeleton label="Loading conversation…" rows={6} shape="bubble" className="self-end pb-24" />;
  }

  const isGroup = conversation.type === "group";
  const other = conversation.members.find((m) => m.userId !== me.id);
  const panelId = `group-panel-${id}`;

  return (
    <div className="relative flex h-full min-w-0 flex-1">
      {/* Covered by the open group panel on narrow screens: out of the tab order and the accessibility tree. */}
      <section
        aria-labelledby="conversation-title"
        inert={isGroup && panelOpen && panelCovers}
        className="flex min-w-0 flex-1 flex-col bg-slate-50"
      >
        <header className="flex items-center gap-3 border-b border-slate-200 bg-white px-3 py-2.5 sm:px-4">
          <Link
            href="/chat"
            className="-ml-1 inline-flex size-10 items-center justify-center rounded-md text-slate-700 hover:bg-slate-100 md:hidden"
          >
            <span aria-hidden="true" className="text-xl">←</span>
            <span className="sr-only">Back to conversations</span>
          </Link>
          {isGroup || !other ? (
            <Avatar name={title} seed={conversation.id} group={isGroup} />
          ) : (
            <WithPresence userId={other.userId}>
              <Avatar name={title} seed={other.userId} />
            </WithPresence>
          )}
          <div className="min-w-0 flex-1">
            <ConversationHeading title={title} />
            <p className="truncate text-xs text-slate-600">
              {isGroup
                ? conversation.members.map((m) => (m.userId === me.id ? "You" : m.displayName)).join(", ")
                : other && (
                    <>
                      @{other.username}
                      <PresenceText userId={other.userId} />
                    </>
                  )}
            </p>
          </div>
          {/* Below md the sidebar (and its status) is hidden while a conversation is open. */}
          <ConnectionStatus state={connection} compact className="shrink-0 md:hidden" />
          <MuteButton conversationId={id} />
          {isGroup && (
            <button
              ref={detailsRef}
              type="button"
              aria-expanded={panelOpen}
              aria-controls={panelId}
              onClick={() => setPanelOpen((o) => !o)}
              className={cn(button.secondary, "min-h-9 px-2.5 sm:px-3")}
            >
              {/* An icon on a phone leaves the group's name the room it needs. */}
              <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-5 sm:hidden">
                <path fillRule="evenodd" d="M18 10a8 8 0 1 1-16 0 8 8 0 0 1 16 0Zm-7-4a1 1 0 1 1-2 0 1 1 0 0 1 2 0ZM9 9a.75.75 0 0 0 0 1.5h.25v2.25a.75.75 0 0 0 1.5 0V9.75A.75.75 0 0 0 10 9H9Z" clipRule="evenodd" />
              </svg>
              <span className="max-sm:sr-only">Details</span>
            </button>
          )}
        </header>
        <ReconnectingBanner state={connection} />

        {!thread || thread.status === "loading" ? (
          <Skeleton label="Loading messages…" rows={6} shape="bubble" className="mt-auto pb-4" />
        ) : thread.status === "error" ? (
          <div role="alert" className="m-auto text-center text-sm text-red-700">
            <p>{thread.error}</p>
            <button type="button" onClick={() => void store.loadLatest(id)} className={cn(button.secondary, "mt-2")}>
              Try again
            </button>
          </div>
        ) : (
          <NoJsEditContext.Provider value={editId}>
          <MessageList
            messages={thread.messages}
            system={visibleSystem(thread)}
            pending={thread.pending}
            meId={me.id}
            nameOf={nameOf}
            hasMore={thread.nextCursor !== null}
            loadingOlder={thread.loadingOlder}
            error={thread.error}
            onLoadOlder={loadOlder}
            editingId={editingId}
            onStartEdit={setEditingId}
            onCancelEdit={() => setEditingId(null)}
            onSaveEdit={async (messageId, text) => {
              await store.edit(messageId, text);
              setEditingId(null);
            }}
            onDelete={(messageId) => store.remove(messageId)}
            onRetry={(clientId) => store.retry(id, clientId)}
            onDiscard={(clientId) => store.discard(id, clientId)}
            readUpTo={readUpTo ?? null}
            seenUpTo={isGroup ? null : (other?.lastReadSeq ?? null)}
            onSeen={onSeen}
            usernameOf={usernameOf}
            onReact={react}
            onReply={setReplyingTo}
            onJumpTo={(target) => void jumpTo(target)}
            jumpTarget={jumpTarget}
          />
          </NoJsEditContext.Provider>
        )}
        {jumpError && (
          <p role="alert" className="border-t border-slate-200 bg-amber-50 px-4 py-1.5 text-xs text-amber-900">
            {jumpError}
          </p>
        )}

        <TypingIndicator conversationId={id} meId={me.id} nameOf={nameOf} />
        {notice && <FormNoticeBar code={notice} />}
        <Composer
          key={id}
          conversationId={id}
          formClientId={formClientId}
          label={isGroup ? `Message ${title}` : `Message ${other?.displayName ?? title}`}
          autoFocus
          // Storage exists only in the browser: the hydrating render shows what the server did.
          initialText={hydrated ? drafts.get(id) : ""}
          onTextChange={(text) => {
            drafts.set(id, text);
            typing.input(text);
          }}
          members={conversation.members.filter((m) => m.userId !== me.id)}
          replyingTo={
            replyingTo
              ? { senderName: replyingTo.senderId === me.id ? "yourself" : nameOf(replyingTo.senderId), excerpt: replyExcerpt(replyingTo.text ?? "") }
              : null
          }
          onCancelReply={() => setReplyingTo(null)}
          onSend={(text, attachments) => {
            typing.sent();
            store.send(id, text, { ...(attachments ? { attachments } : {}), ...(replyingTo ? { replyToId: replyingTo.id } : {}) });
            setReplyingTo(null);
          }}
        />
      </section>

      {isGroup && panelOpen && (
        <div ref={panelRef} className="absolute inset-0 z-20 lg:static lg:z-auto lg:w-80 lg:shrink-0">
          <GroupPanel
            id={panelId}
            conversation={conversation}
            meId={me.id}
            onClose={() => setPanelOpen(false)}
            onRename={(name) => store.renameGroup(id, name)}
            onSetVisibility={(visibility) => store.setVisibility(id, visibility)}
            onAdd={(userId) => store.addMember(id, userId)}
            onRemove={(userId) => store.removeMember(id, userId)}
            onLeave={async () => {
              await store.removeMember(id, me.id);
              router.push("/chat");
            }}
          />
        </div>
      )}
    </div>
  );
}

/** Entries older than the loaded history would float above it: they wait for their page. */
function visibleSystem(thread: { system?: SystemEntry[]; nextCursor: number | null }) {
  const all = thread.system ?? [];
  return thread.nextCursor === null ? all : all.filter((e) => e.seq >= thread.nextCursor!);
}

function Notice({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="m-auto max-w-sm p-6 text-center">
      <h2 className="text-base font-semibold text-slate-900">{title}</h2>
      <p className="mt-2 text-sm text-slate-600">{children}</p>
      <Link href="/chat" className={cn(button.secondary, "mt-4")}>
        Back to conversations
      </Link>
    </div>
  );
}
