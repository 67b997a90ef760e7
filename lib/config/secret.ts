import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ConfigError, storeKind, type Env } from "./env";

/**
 * The next-auth signing secret. Embedded mode generates one on first start and keeps it in the
 * data directory (mode 0600, never committed), so zero-setup works and sessions survive restarts.
 * Scale-out mode refuses to start without NEXTAUTH_SECRET: instances must share one secret.
 */
export function ensureAuthSecret(e: Env): string {
  if (e.NEXTAUTH_SECRET) return e.NEXTAUTH_SECRET;
  if (storeKind(e) !== "sqlite") {
    throw new ConfigError("NEXTAUTH_SECRET is required in scale-out mode (every instance must use the same secret)");
  }
  const file = path.resolve(e.DATA_DIR, ".nextauth-secret");
  try {
    try {
      const existing = fs.readFileSync(file, "utf8").trim();
      if (existing.length >= 32) return existing;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    try {
      fs.writeFileSync(file, secret + "\n", { mode: 0o600, flag: "wx" });
      console.info(`[auth] NEXTAUTH_SECRET not set: generated one and stored it in ${file} (mode 0600)`);
      return secret;
    } catch (err) {
      // Another process won the race: use its secret.
      if ((err as NodeJS.ErrnoException).code === "EEXIST") return fs.readFileSync(file, "utf8").trim();
      throw err;
    }
  } catch (err) {
    // A read-only or foreign-owned DATA_DIR will not fix itself: stop at start, saying what to do.
    const reason = (err as Error).message.split(",")[0];
    throw new ConfigError(
      `cannot keep the generated NEXTAUTH_SECRET in ${file} (${reason}); ` +
        "make DATA_DIR writable for the app's user, or set NEXTAUTH_SECRET (openssl rand -base64 32)",
    );
  }
}
