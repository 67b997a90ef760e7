import { busKind, env, storeKind } from "@/lib/config/env";
import { json } from "@/lib/http/handler";
import { healthReport } from "@/lib/server/health";

export const dynamic = "force-dynamic";

/**
 * Readiness, for a load balancer: 200 while the store answers (reads work; `writable` tells
 * whether writes do too), 503 before it first connects and while it does not answer. From kept
 * state: never waits on the database.
 */
export function GET() {
  const e = env();
  const report = healthReport({ store: storeKind(e), bus: busKind(e) });
  return json({ ready: report.ready, status: report.status, writable: report.store.writable }, report.ready ? 200 : 503);
}
