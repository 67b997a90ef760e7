import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { envSchema, parseEnv } from "@/lib/config/env";

/**
 * docker-compose.yml cannot be run here (no Docker engine), so check what can drift silently:
 * every variable the app services set must be one the app reads (validated by lib/config/env.ts),
 * with values that pass that validation.
 */
const root = path.resolve(import.meta.dirname, "../..");
const compose = parse(fs.readFileSync(path.join(root, "docker-compose.yml"), "utf8"), { merge: true }) as {
  services: Record<string, Service>;
};

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  ports?: string[];
  environment?: Record<string, string | number> | string[];
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, { condition: string }>;
}

/** Read by Next.js / Node rather than by lib/config/env.ts. */
const EXTRAS = new Set(["NEXTAUTH_URL", "NODE_ENV", "PORT", "HOSTNAME"]);
const APPS = ["app1", "app2"];

function environment(service: Service): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) return Object.fromEntries(env.map((line) => [line.split("=")[0], line.slice(line.indexOf("=") + 1)]));
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));
}

/** What compose would substitute: defaults as written, required secrets as a plausible value. */
function interpolate(value: string): string {
  return value.replace(/\$\{([A-Z0-9_]+)(?:(:?[-?])([^}]*))?\}/g, (_, name: string, op?: string, arg?: string) => {
    if (op?.endsWith("-")) return arg ?? "";
    if (name === "NEXTAUTH_SECRET") return "s3cr3t-".repeat(6);
    return `value-of-${name}`;
  });
}

describe("docker-compose.yml", () => {
  it("defines MongoDB, Kafka and two app instances", () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(["mongo", "kafka", ...APPS]));
    expect(compose.services.mongo.image).toMatch(/^mongo:7/);
    expect(compose.services.kafka.image).toMatch(/^apache\/kafka:/);
  });

  it("runs MongoDB as a replica set that initiates itself", () => {
    const mongo = compose.services.mongo;
    expect(mongo.command?.join(" ")).toContain("--replSet rs0");
    expect(JSON.stringify(mongo.healthcheck?.test)).toContain("rs.initiate");
  });

  it("runs Kafka in KRaft mode", () => {
    const env = environment(compose.services.kafka);
    expect(env.KAFKA_PROCESS_ROLES).toBe("broker,controller");
    expect(env.KAFKA_ADVERTISED_LISTENERS).toContain("kafka:9092");
  });

  for (const name of APPS) {
    describe(name, () => {
      const app = compose.services[name];
      const env = environment(app);

      it("sets only variables the app knows", () => {
        const known = new Set([...Object.keys(envSchema.shape), ...EXTRAS]);
        expect(Object.keys(env).filter((k) => !known.has(k))).toEqual([]);
      });

      it("passes the app's own configuration validation, in scale-out mode", () => {
        const parsed = parseEnv(Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(v)])));
        expect(parsed.DATABASE_URL).toMatch(/^mongodb:\/\/mongo:27017\/chat\?replicaSet=rs0$/);
        expect(parsed.KAFKA_BROKERS).toEqual(["kafka:9092"]);
        expect(parsed.INSTANCE_ID).toBe(name);
      });

      it("requires NEXTAUTH_SECRET from the environment instead of baking one in", () => {
        expect(env.NEXTAUTH_SECRET).toMatch(/^\$\{NEXTAUTH_SECRET:\?/);
      });

      it("is built from the Dockerfile and waits for healthy services", () => {
        expect(app.build).toBeDefined();
        expect(app.depends_on?.mongo?.condition).toBe("service_healthy");
        expect(app.depends_on?.kafka?.condition).toBe("service_healthy");
      });

      it("is healthy only when ready: its health check asks /api/health/ready", () => {
        expect(JSON.stringify(app.healthcheck?.test)).toContain("/api/health/ready");
      });
    });
  }

  it("publishes the instances on ports 3001 and 3002 with distinct instance ids", () => {
    expect(APPS.map((a) => compose.services[a].ports?.[0])).toEqual(["3001:3000", "3002:3000"]);
    expect(new Set(APPS.map((a) => environment(compose.services[a]).INSTANCE_ID)).size).toBe(APPS.length);
  });

  it("has a Dockerfile that installs, builds and starts the app", () => {
    const dockerfile = fs.readFileSync(path.join(root, "Dockerfile"), "utf8");
    expect(dockerfile).toMatch(/FROM node:20-bookworm/);
    expect(dockerfile).toMatch(/RUN npm ci/);
    expect(dockerfile).toMatch(/npm run build/);
    expect(dockerfile).toMatch(/CMD \["npm", "start"\]/);
  });
});
