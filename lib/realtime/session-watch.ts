// No "server-only": the Pages Router stream (pages/api/stream.ts) uses this module.
import type { ChatDeps } from "@/lib/chat/deps";
import { sessionUser } from "@/lib/chat/sessions";

interface Watched {
  userId: string;
  ends: Set<() => void>;
  /** When the sign-in expires (ms), once known; until then each pass asks the store about it. */
  expiresAt?: number;
}

/** What the watch asks the store (sessionWatch() below wires it to the chat store). */
export interface SessionSource {
  /** The whole check of one sign-in, as a request makes it (live, unexpired, its user there). */
  isLive(s: { sessionId: string; userId: string }): Promise<boolean>;
  /** The stored sign-in's expiry, null when it is gone or revoked. */
  expiry(sessionId: string): Promise<string | null>;
  /** Ids of the sign-ins revoked after an ISO time. */
  revokedSince(since: string): Promise<string[]>;
}

/** Sign-ins checked at once when a person's are checked on demand. */
const CONCURRENCY = 16;
/** Writers' clocks may disagree by this much; each pass asks back this far past its last one. */
const SKEW_MS = 15_000;

/**
 * Ends the live streams of a sign-in that has ended: signed out on another device or tab,
 * revoked by a password change (on any instance: the store says so) or expired. Each pass costs
 * what changed, not who is connected: one store query for the sign-ins revoked since the last
 * pass, and expiry compared in memory (each sign-in's expiry is read once, when its first stream
 * opens). A sign-out handled by this instance checks that person at once. A store that cannot
 * answer ends nothing: an outage is not a revocation.
 */
export class SessionWatch {
  private readonly sessions = new Map<string, Watched>();
  private timer?: ReturnType<typeof setInterval>;
  private sweeping = false;
  private since = new Date(Date.now() - SKEW_MS).toISOString();

  constructor(
    private readonly source: SessionSource,
    private readonly intervalMs: number,
  ) {}

  /** Calls `end` once the sign-in ends; returns the function that stops watching. */
  watch(sessionId: string, userId: string, end: () => void): () => void {
    let w = this.sessions.get(sessionId);
    if (!w) {
      this.sessions.set(sessionId, (w = { userId, ends: new Set() }));
      void this.learnExpiry(sessionId, w);
    }
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
    return this.checkEach([...this.sessions].filter(([, w]) => w.userId === userId));
  }

  async sweep(): Promise<void> {
    if (this.sweeping) return; // a slow store: the next tick starts after this one ends
    this.sweeping = true;
    try {
      const startedAt = Date.now();
      let revoked: Set<string>;
      try {
        revoked = new Set(await this.source.revokedSince(this.since));
      } catch {
        return; // asked again from the same time at the next pass
      }
      this.since = new Date(startedAt - SKEW_MS).toISOString();
      const unknown: [string, Watched][] = [];
      for (const entry of [...this.sessions]) {
        const [sessionId, w] = entry;
        if (revoked.has(sessionId) || (w.expiresAt !== undefined && w.expiresAt <= startedAt)) this.end(sessionId, w);
        else if (w.expiresAt === undefined) unknown.push(entry);
      }
      await this.checkEach(unknown); // only those whose expiry could not be read yet
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

  private async learnExpiry(sessionId: string, w: Watched) {
    try {
      const expiry = await this.source.expiry(sessionId);
      if (expiry === null) this.end(sessionId, w);
      else w.expiresAt = Date.parse(expiry);
    } catch {
      // The store did not answer: the next passes check this sign-in whole until it does.
    }
  }

  private async checkEach(entries: [string, Watched][]) {
    for (let i = 0; i < entries.length; i += CONCURRENCY) {
      await Promise.all(
        entries.slice(i, i + CONCURRENCY).map(async ([sessionId, w]) => {
          if (!(await this.source.isLive({ sessionId, userId: w.userId }).catch(() => true))) this.end(sessionId, w);
          else if (w.expiresAt === undefined) void this.learnExpiry(sessionId, w);
        }),
      );
    }
  }

  private end(sessionId: string, w: Watched) {
    if (this.sessions.get(sessionId) === w) this.sessions.delete(sessionId);
    for (const end of [...w.ends]) end();
  }
}

// On globalThis: the stream (Pages Router) and sign-out (App Router) get separate module copies.
const g = globalThis as unknown as { __chatSessionWatch?: SessionWatch };

export function sessionWatch(deps: Pick<ChatDeps, "store">, intervalMs: number): SessionWatch {
  const source: SessionSource = {
    isLive: async (s) => !!(await sessionUser(deps, s)),
    expiry: async (sessionId) => {
      const session = await deps.store.findSession(sessionId);
      return session && !session.revokedAt ? session.expiresAt : null;
    },
    revokedSince: (since) => deps.store.listSessionsRevokedSince(since),
  };
  return (g.__chatSessionWatch ??= new SessionWatch(source, intervalMs));
}

/** After a sign-out handled by this instance: its streams end now rather than at the next sweep. */
export async function recheckSessionsOf(userId: string): Promise<void> {
  await g.__chatSessionWatch?.checkUser(userId);
}
