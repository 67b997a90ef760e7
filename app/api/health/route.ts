import { getServerSession } from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { busKind, env, storeKind } from "@/lib/config/env";
import { json } from "@/lib/http/handler";
import { connectedContainer } from "@/lib/server/container";
import { healthReport } from "@/lib/server/health";

export const dynamic = "force-dynamic";

/**
 * The store's and bus's state as this instance last saw it (requests and a background probe
 * every 2 s), so it answers at once even while the database hangs: 200 "ok" or "degraded"
 * (writes failing, or the bus down), 503 "down" (the store does not answer or never connected).
 * The count of open streams is shown to signed-in callers only.
 */
export async function GET() {
  const e = env();
  const report = healthReport({ store: storeKind(e), bus: busKind(e) });
  const { ready: _ready, ...body } = report;
  const signedIn = await getServerSession(authOptions()).then((s) => Boolean(s?.user?.id), () => false);
  const connections = signedIn ? (await connectedContainer())?.hub.connectionCount : undefined;
  return json({ ...body, ...(connections !== undefined ? { connections } : {}) }, report.status === "down" ? 503 : 200);
}
