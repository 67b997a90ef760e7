import { logLevel, type logCreator } from "kafkajs";

const QUIET_MS = 30_000;

/**
 * kafkajs logs through console with our prefix. While the broker is down it repeats the same
 * connection errors several times a second; each distinct message is printed once per 30 s,
 * with the number of repeats swallowed meanwhile.
 *
 * Its warning about limited producer retries is expected and dropped: publish must fail fast,
 * and a lost or duplicated notification is repaired from the store (events carry their seq).
 */
export const kafkaLogCreator: logCreator = () => {
  const lastShown = new Map<string, { at: number; repeats: number }>();
  return ({ level, log }) => {
    const { message, timestamp: _timestamp, logger: _logger, stack: _stack, ...extra } = log;
    if (message.startsWith("Limiting retries for the idempotent producer")) return;
    const now = Date.now();
    const seen = lastShown.get(message);
    if (seen && now - seen.at < QUIET_MS) {
      seen.repeats++;
      return;
    }
    lastShown.set(message, { at: now, repeats: 0 });
    if (lastShown.size > 200) lastShown.clear();
    const repeats = seen?.repeats ? ` (repeated ${seen.repeats}× since)` : "";
    const line = `[kafka] ${message}${repeats} ${JSON.stringify(extra)}`;
    if (level <= logLevel.ERROR) console.error(line);
    else console.warn(line);
  };
};
