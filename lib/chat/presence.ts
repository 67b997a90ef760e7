/**
 * Presence rules (issue 9 §1), free of any transport: which status a person has, from the live
 * streams each app instance holds for them. Ephemeral by design — nothing here is stored.
 */
export type PresenceStatus = "online" | "away" | "offline";
/** What an instance reports for a person it holds streams for (offline = it holds none now). */
export type ReportedStatus = PresenceStatus;

export interface PresenceRules {
  /** No activity in any tab for this long: away. */
  awayAfterMs: number;
  /** After the last stream closes, still shown for this long (a reload does not flicker). */
  offlineGraceMs: number;
  /** Each instance republishes everything it holds this often (its lease renewal). */
  beatMs: number;
  /** An instance not heard from for this long is gone (crashed): its people go offline. */
  leaseMs: number;
}

export const PRESENCE_RULES: PresenceRules = {
  awayAfterMs: 5 * 60_000,
  offlineGraceMs: 30_000,
  beatMs: 10_000,
  leaseMs: 30_000,
};

const RANK: Record<PresenceStatus, number> = { offline: 0, away: 1, online: 2 };

/** The better of two statuses: online anywhere beats away somewhere. */
export function best(a: PresenceStatus, b: PresenceStatus): PresenceStatus {
  return RANK[a] >= RANK[b] ? a : b;
}

interface LocalEntry {
  streams: number;
  activeAt: number;
  closedAt: number;
}

/** The streams this instance holds, per person, with their last activity. */
export class LocalPresence {
  private readonly users = new Map<string, LocalEntry>();

  constructor(private readonly rules: PresenceRules = PRESENCE_RULES) {}

  /** Opening a stream is activity (a page load, a reconnect after sleep). */
  open(userId: string, now: number) {
    const e = this.users.get(userId);
    if (e) {
      e.streams++;
      e.activeAt = now;
    } else this.users.set(userId, { streams: 1, activeAt: now, closedAt: 0 });
  }

  close(userId: string, now: number) {
    const e = this.users.get(userId);
    if (!e || e.streams === 0) return;
    e.streams--;
    if (e.streams === 0) e.closedAt = now;
  }

  /** Input in some tab, reported by any instance; false when this instance holds nobody by that id. */
  activity(userId: string, now: number): boolean {
    const e = this.users.get(userId);
    if (!e) return false;
    e.activeAt = Math.max(e.activeAt, now);
    return true;
  }

  status(userId: string, now: number): PresenceStatus {
    const e = this.users.get(userId);
    if (!e) return "offline";
    if (e.streams === 0 && now - e.closedAt >= this.rules.offlineGraceMs) return "offline";
    return now - e.activeAt >= this.rules.awayAfterMs ? "away" : "online";
  }

  /** Everyone not offline; people past their grace are forgotten here. */
  statuses(now: number): Map<string, PresenceStatus> {
    const out = new Map<string, PresenceStatus>();
    for (const userId of [...this.users.keys()]) {
      const s = this.status(userId, now);
      if (s === "offline") this.users.delete(userId);
      else out.set(userId, s);
    }
    return out;
  }
}

interface InstanceReport {
  seenAt: number;
  users: Map<string, PresenceStatus>;
}

/**
 * What every instance last reported, merged. An instance's full report replaces what it said
 * before; a partial one changes only the people in it. Silence past the lease drops the instance.
 * Every method returns the people whose merged status may have changed.
 */
export class PresenceTable {
  private readonly instances = new Map<string, InstanceReport>();

  constructor(private readonly rules: PresenceRules = PRESENCE_RULES) {}

  report(instance: string, users: Record<string, ReportedStatus> | Map<string, ReportedStatus>, full: boolean, now: number): string[] {
    const entries = users instanceof Map ? [...users] : Object.entries(users);
    let r = this.instances.get(instance);
    const touched = new Set<string>(entries.map(([id]) => id));
    if (!r || full) {
      for (const id of r?.users.keys() ?? []) touched.add(id);
      r = { seenAt: now, users: new Map() };
      this.instances.set(instance, r);
    }
    r.seenAt = now;
    for (const [id, status] of entries) {
      if (status === "offline") r.users.delete(id);
      else r.users.set(id, status);
    }
    return [...touched];
  }

  /** Drops instances silent past the lease (a crash, a partition). */
  expire(now: number): string[] {
    const touched: string[] = [];
    for (const [instance, r] of this.instances) {
      if (now - r.seenAt < this.rules.leaseMs) continue;
      this.instances.delete(instance);
      touched.push(...r.users.keys());
    }
    return touched;
  }

  status(userId: string): PresenceStatus {
    let s: PresenceStatus = "offline";
    for (const r of this.instances.values()) s = best(s, r.users.get(userId) ?? "offline");
    return s;
  }
}
