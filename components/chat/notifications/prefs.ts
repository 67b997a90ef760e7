import { localStore, type KeyValueStore } from "../local-store";

export interface NotificationPrefsState {
  /** The person turned desktop notifications on (the browser permission is separate). */
  enabled: boolean;
  /** Conversations that never notify. */
  muted: readonly string[];
}

const DEFAULTS: NotificationPrefsState = { enabled: false, muted: [] };

/**
 * Per person, in this browser: whether to show desktop notifications and which conversations are
 * muted. Components read it with useSyncExternalStore; the server and hydration see the defaults.
 */
export class NotificationPrefs {
  private state: NotificationPrefsState;
  private readonly listeners = new Set<() => void>();
  private readonly key: string;

  constructor(userId: string, private readonly storage: KeyValueStore = localStore()) {
    this.key = `chat.notifications.${userId}`;
    this.state = this.read();
  }

  static readonly defaults = DEFAULTS;

  getState = () => this.state;

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  setEnabled(enabled: boolean) {
    this.set({ ...this.state, enabled });
  }

  isMuted(conversationId: string) {
    return this.state.muted.includes(conversationId);
  }

  setMuted(conversationId: string, muted: boolean) {
    const rest = this.state.muted.filter((id) => id !== conversationId);
    this.set({ ...this.state, muted: muted ? [...rest, conversationId] : rest });
  }

  private set(next: NotificationPrefsState) {
    this.state = next;
    try {
      this.storage.setItem(this.key, JSON.stringify(next));
    } catch {
      // Not persisted; still applies while the tab is open.
    }
    for (const l of this.listeners) l();
  }

  private read(): NotificationPrefsState {
    try {
      const raw = JSON.parse(this.storage.getItem(this.key) ?? "null") as Partial<NotificationPrefsState> | null;
      return {
        enabled: raw?.enabled === true,
        muted: Array.isArray(raw?.muted) ? raw.muted.filter((x): x is string => typeof x === "string") : [],
      };
    } catch {
      return DEFAULTS;
    }
  }
}
