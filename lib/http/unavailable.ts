// No "server-only": the Pages Router stream reaches this through lib/http/error-response.ts.
import { NextResponse } from "next/server";
import { RETRY_AFTER_SEC, StoreUnavailableError, describeError, isStoreUnavailable, type StoreFaultReason } from "@/lib/store/store-fault";

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

const SIGN_IN_CODE = "StoreUnavailable";

/**
 * For next-auth's authorize(), which cannot answer a status of its own: every failure there is the
 * store's (verifying a password does nothing else), logged here and passed on as a code naming
 * only the reason.
 */
export function signInUnavailableCode(err: unknown): string {
  const unavailable = isStoreUnavailable(err)
    ? err
    : new StoreUnavailableError({ reason: "unreachable", heals: true }, `sign-in: ${describeError(err)}`);
  console.error(`[store] unavailable (${unavailable.fault.reason}): ${unavailable.detail}`);
  return `${SIGN_IN_CODE}.${unavailable.fault.reason}`;
}

/** next-auth's answer to a sign-in whose authorize() failed that way, as 503 unavailable:store; else null. */
export async function signInUnavailableResponse(res: Response): Promise<Response | null> {
  if (res.status !== 401 && res.status !== 302) return null;
  let url = res.headers.get("location") ?? "";
  if (!url && (res.headers.get("content-type") ?? "").includes("json")) url = String((await res.clone().json().catch(() => ({})))?.url ?? "");
  const reason = url.match(new RegExp(`error=${SIGN_IN_CODE}\\.([a-z]+)`))?.[1] as StoreFaultReason | undefined;
  if (!reason || !(reason in MESSAGES)) return null;
  return NextResponse.json(
    { error: { code: "unavailable:store", message: MESSAGES[reason] } },
    { status: 503, headers: { "retry-after": String(RETRY_AFTER_SEC[reason]), "cache-control": "no-store" } },
  );
}
