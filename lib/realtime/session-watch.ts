// No "server-only": the Pages Router stream (pages/api/stream.ts) uses this module.
import type { ChatDeps } from "@/lib/chat/deps";
import { sessionUser } from "@/lib/chat/sessions";

interface Watched {
  userId: string;
  ends: Set<() => void>;
}

/** Sign-ins checked at once during a sweep: enough to keep a sweep short, few enough for the store. */
const CONCURRENCY = 16;

/**
 * Ends the live streams of a sign-in that has ended: signed out on another device or tab,
 * revoked by a password change (on any instance: the store says so), expired, or its account
 * gone. Every `intervalMs` it asks the store once per distinct sign-in with open streams on this
 * instance, not once per stream; a sign-out handled by this instance checks that person at once.
 * A store that cannot answer ends nothing: an outage is not a revocation.
 */
export class SessionWatch {
  private readonly sessions = new Map<string, Watched>();
  private timer?: ReturnType<typeof setInterval>;
  private sweeping = false;

  constructor(
    private readonly isLive: (s: { sessionId: string; userId: string }) => Promise<boolean>,
    private readonly intervalMs: number,
  ) {}

  /** Calls `end` once the sign-in ends; returns the function that stops watching. */
  watch(sessionId: string, userId: string, end: () => void): () => void {
    let w = this.sessions.get(sessionId);
    if (!w) this.sessions.set(sessionId, (w = { userId, ends: new Set() }));
    w.ends.add(end);
    this.timer ??= setInterval(() => void this.sweep(), this.intervalMs);
    this.timer.unref?.();
    const watched = w;
    return () => {
      watched.ends.delete(end);
      if (watched.ends.size === 0 && this.sessions.get(sessionId) === watched) this.sessions.delete(sessionId);
    };
  }

  /** Checks this person's watched sign-ins now. */
  checkUser(userId: string): Promise<void> {
    return this.check([...this.sessions].filter(([, w]) => w.userId === userId));
  }

  async sweep(): Promise<void> {
    if (this.sweeping) return; // a slow store: the next tick starts after this one ends
    this.sweeping = true;
    try {
      await this.check([...this.sessions]);
    } finally {
      this.sweeping = false;
    }
  }

  get watchedSessions(): number {
    return this.sessions.size;
  }

  stop() {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async check(entries: [string, Watched][]) {
    for (let i = 0; i < entries.length; i += CONCURRENCY) {
      await Promise.all(
        entries.slice(i, i + CONCURRENCY).map(async ([sessionId, w]) => {
          const live = await this.isLive({ sessionId, userId: w.userId }).catch(() => true);
          if (live) return;
          if (this.sessions.get(sessionId) === w) this.sessions.delete(sessionId);
          for (const end of [...w.ends]) end();
        }),
      );
    }
  }
}

// On globalThis: the stream (Pages Router) and sign-out (App Router) get separate module copies.
const g = globalThis as unknown as { __chatSessionWatch?: SessionWatch };

export function sessionWatch(deps: Pick<ChatDeps, "store">, intervalMs: number): SessionWatch {
  return (g.__chatSessionWatch ??= new SessionWatch(async (s) => !!(await sessionUser(deps, s)), intervalMs));
}

/** After a sign-out handled by this instance: its streams end now rather than at the next sweep. */
export async function recheckSessionsOf(userId: string): Promise<void> {
  await g.__chatSessionWatch?.checkUser(userId);
}
