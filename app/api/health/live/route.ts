import { json } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

/**
 * Liveness: the process answers. It does no I/O, so only a hung or dead process fails it — the
 * one case where restarting helps. A database outage is readiness's business, not a restart's.
 */
export function GET() {
  return json({ status: "alive" });
}
