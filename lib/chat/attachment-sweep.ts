import type { ChatDeps } from "./deps";

/** A claim younger than this may belong to a send still in flight. */
export const CLAIM_GRACE_MS = 10 * 60_000;
/** Storage younger than this may belong to an upload still in flight. */
export const ORPHAN_GRACE_MS = 60 * 60_000;
const BATCH = 200;

/**
 * One sweep: deletes uploads never attached within the TTL, files claimed for a message that was
 * never committed (a crash between claim and append) or is deleted, and storage a crash left
 * without metadata. Every step is idempotent, so instances may sweep at the same time.
 */
export async function sweepAttachments(deps: ChatDeps, now = Date.now()) {
  const result = { unattached: 0, uncommitted: 0, orphans: 0 };
  for (;;) {
    const stale = await deps.files.listUnattached({ createdBefore: iso(now - deps.uploads.unattachedTtlMs), limit: BATCH });
    if (stale.length === 0) break;
    await deps.files.remove(stale.map((f) => f.id));
    result.unattached += stale.length;
    if (stale.length < BATCH) break;
  }
  for (;;) {
    const claimed = await deps.files.listUnconfirmed({ attachedBefore: iso(now - CLAIM_GRACE_MS), limit: BATCH });
    if (claimed.length === 0) break;
    const live: string[] = [];
    const dead: string[] = [];
    for (const f of claimed) {
      const message = await deps.store.findMessage(f.messageId!);
      (message && !message.deletedAt ? live : dead).push(f.id);
    }
    await deps.files.remove(dead);
    await deps.files.confirm(live);
    result.uncommitted += dead.length;
    if (claimed.length < BATCH) break;
  }
  result.orphans = await deps.files.removeOrphans(iso(now - ORPHAN_GRACE_MS));
  return result;
}

const iso = (ms: number) => new Date(ms).toISOString();
