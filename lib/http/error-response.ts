// No "server-only" import: the Pages Router stream (pages/api/stream.ts) uses this module, and
// that package throws outside React Server bundles. ESLint keeps client code away instead.
// Only driver-free imports here, for the same reason.
import { NextResponse } from "next/server";
import { isStoreConflict, isStoreNotFound } from "@/lib/store/chat-store";
import { ChatError, errors } from "@/lib/chat/errors";
import { isStoreUnavailable } from "@/lib/store/store-fault";
import { unavailableResponse } from "./unavailable";

export function errorResponse(err: unknown) {
  // A store precondition lost a race with a concurrent change (e.g. an edit against a delete).
  if (isStoreConflict(err)) err = errors.conflict(err.field, "That changed meanwhile; reload and try again");
  if (isStoreNotFound(err)) err = errors.notFound(err.entity);
  if (isStoreUnavailable(err)) return unavailableResponse(err);
  // By name, not instanceof: Next bundles instrumentation and routes apart (two class copies).
  if (err instanceof ChatError || (err instanceof Error && err.name === "ChatError")) {
    const e = err as ChatError;
    const headers: Record<string, string> = { "cache-control": "no-store" };
    if (e.status === 429) headers["retry-after"] = e.message.match(/(\d+)s/)?.[1] ?? "1";
    return NextResponse.json({ error: e.toJSON() }, { status: e.status, headers });
  }
  // A bug or a driver failure: log the detail, never send it.
  console.error("[api] unexpected error", err);
  return NextResponse.json({ error: { code: "internal", message: "Something went wrong on our side" } }, { status: 500, headers: { "cache-control": "no-store" } });
}
