import { json, route } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

/** Which store and bus this instance uses and whether each answers; 503 when the store does not. */
export const GET = route(
  async ({ deps }) => {
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
  },
  { auth: false },
);
