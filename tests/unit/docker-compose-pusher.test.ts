import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { envSchema, parseEnv, realtimeKind } from "@/lib/config/env";

/** The optional "pusher" profile cannot be run here (no Docker): check what can drift silently. */
const root = path.resolve(import.meta.dirname, "../..");
type Service = { profiles?: string[]; image?: string; environment?: Record<string, string>; depends_on?: Record<string, { condition: string }> };
const compose = parse(fs.readFileSync(path.join(root, "docker-compose.yml"), "utf8"), { merge: true }) as { services: Record<string, Service> };
const fill = (v: string) => v.replace(/\$\{([A-Z0-9_]+)(?::?[-?]([^}]*))?\}/g, (_, name: string, arg?: string) => (name.endsWith("_URL") ? (arg ?? "") : "s3cr3t-".repeat(6)));

describe("docker-compose.yml, profile pusher", () => {
  const sockudo = compose.services.sockudo;
  const app = compose.services["app-pusher"];

  it("runs Sockudo 5.2 and an app instance only under the profile", () => {
    expect(sockudo.profiles).toEqual(["pusher"]);
    expect(app.profiles).toEqual(["pusher"]);
    expect(sockudo.image).toBe("sockudo/sockudo:5.2.0");
    expect(app.depends_on?.sockudo?.condition).toBe("service_healthy");
  });

  it("gives the app a configuration it accepts, in the pusher mode, with Sockudo's app and secret", () => {
    const env = Object.fromEntries(Object.entries(app.environment ?? {}).map(([k, v]) => [k, fill(String(v))]));
    const known = new Set([...Object.keys(envSchema.shape), "NEXTAUTH_URL", "NODE_ENV", "PORT", "HOSTNAME"]);
    expect(Object.keys(env).filter((k) => !known.has(k))).toEqual([]);
    const parsed = parseEnv(env);
    expect(realtimeKind(parsed)).toBe("pusher");
    expect(parsed.PUSHER_APP_ID).toBe(sockudo.environment?.SOCKUDO_DEFAULT_APP_ID);
    expect(parsed.PUSHER_KEY).toBe(sockudo.environment?.SOCKUDO_DEFAULT_APP_KEY);
    expect(app.environment?.PUSHER_SECRET).toBe(sockudo.environment?.SOCKUDO_DEFAULT_APP_SECRET);
    expect(sockudo.environment?.METRICS_ENABLED).toBe("false");
  });
});
