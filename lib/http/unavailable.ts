import "server-only";
import { NextResponse } from "next/server";
import type { StoreFaultReason, StoreUnavailableError } from "@/lib/store/store-fault";

const MESSAGES: Record<StoreFaultReason, string> = {
  busy: "The database is busy; try again in a moment",
  full: "The database has no disk space left; try again later",
  io: "The database could not be read or written; try again shortly",
  unreachable: "The database is not reachable right now; try again shortly",
  broken: "The database cannot be used right now; try again later",
};

/**
 * 503 unavailable:store with Retry-After: the request may be repeated (a send with the same
 * clientId never duplicates). One log line, no stack: this is an outage, not a bug.
 */
export function unavailableResponse(err: StoreUnavailableError) {
  console.error(`[store] unavailable (${err.fault.reason}): ${err.detail}${err.fault.heals ? "" : ` — ${err.fault.fix}`}`);
  return NextResponse.json(
    { error: { code: "unavailable:store", message: MESSAGES[err.fault.reason] } },
    { status: 503, headers: { "retry-after": String(err.retryAfterSec), "cache-control": "no-store" } },
  );
}
