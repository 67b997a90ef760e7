import { ConfigError, env } from "@/lib/config/env";
import { ensureAuthSecret } from "@/lib/config/secret";
import { describeError, isStoreUnavailable, type StoreFault } from "@/lib/store/store-fault";
import { container, shutdown, storeFaults } from "./container";
import { healthState } from "./health";

const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 30_000;
const FIRST_ATTEMPT_WAIT_MS = 1_500;

/** One line on stderr and a non-zero exit: an orchestrator shows the line and does not route here. */
function fatal(line: string): never {
  console.error(`[chat] cannot start: ${line}`);
  process.exit(1);
}

export async function boot() {
  try {
    ensureAuthSecret(env());
  } catch (err) {
    if (err instanceof ConfigError) fatal(err.message);
    throw err;
  }
  handleSignals();
  // Give the first attempt a moment before serving: a broken SQLite file then stops the process
  // before it ever answers; a database that is slow or down does not hold the server up for long.
  await Promise.race([connectUntilReady(), new Promise((r) => setTimeout(r, FIRST_ATTEMPT_WAIT_MS))]);
}

/**
 * Connects the store in the background: what can heal (a lock, a database not yet up) is retried
 * with backoff and said in the log, while /api/health answers "down" and requests 503; what
 * cannot (a corrupt file, an unopenable path, bad credentials) stops the process with the fix.
 */
async function connectUntilReady() {
  const startup = healthState().startup;
  let delay = RETRY_MIN_MS;
  for (;;) {
    try {
      await container();
      if (startup.attempts > 0) console.info(`[chat] store connected after ${startup.attempts + 1} attempts`);
      return;
    } catch (err) {
      startup.attempts++;
      const fault: StoreFault | null = isStoreUnavailable(err) ? err.fault : (await storeFaults(env()))(err);
      const detail = isStoreUnavailable(err) ? err.detail : describeError(err);
      if (!fault) fatal(`the store failed to open: ${detail}`);
      if (!fault.heals) fatal(`${detail} — ${fault.fix}`);
      startup.error = { reason: fault.reason, at: new Date().toISOString() };
      console.warn(`[chat] store not available yet (${fault.reason}: ${detail}); retrying in ${delay / 1000} s`);
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, RETRY_MAX_MS);
    }
  }
}

function handleSignals() {
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
