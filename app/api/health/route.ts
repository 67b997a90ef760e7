import { env, storeKind } from "@/lib/config/env";
import { json } from "@/lib/http/handler";
import { container } from "@/lib/server/container";

export const dynamic = "force-dynamic";

/**
 * Which store and bus this instance uses and whether each answers: 200 when the store does
 * (status "degraded" if only the bus is down), 503 when it does not.
 */
export async function GET() {
  const e = env();
  const deps = await container().catch(() => null);
  if (!deps) {
    return json(
      {
        status: "down",
        store: { kind: storeKind(e), reachable: false },
        bus: { kind: e.KAFKA_BROKERS ? "kafka" : "local", reachable: false },
        connections: 0,
      },
      503,
    );
  }
  const [storeOk, busOk] = await Promise.all([deps.store.ping(), deps.bus.healthy().catch(() => false)]);
  return json(
    {
      status: storeOk ? (busOk ? "ok" : "degraded") : "down",
      store: { kind: deps.store.kind, reachable: storeOk },
      bus: { kind: deps.bus.kind, reachable: busOk },
      connections: deps.hub.connectionCount,
    },
    storeOk ? 200 : 503,
  );
}
