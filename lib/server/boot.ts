import { ConfigError, env } from "@/lib/config/env";
import { ensureAuthSecret } from "@/lib/config/secret";
import { container, shutdown } from "./container";

export async function boot() {
  try {
    ensureAuthSecret(env());
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`[chat] ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  // Connect now rather than on the first request; a database that is down is reported by
  // /api/health and retried on the next request instead of killing the process.
  container().catch((err) => console.error("[chat] could not connect the store yet:", (err as Error).message));

  let stopping = false;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      const force = setTimeout(() => process.exit(0), 5_000);
      force.unref();
      shutdown()
        .catch((err) => console.error("[chat] shutdown failed", err))
        .finally(() => process.exit(0));
    });
  }
}
