import { z } from "zod";

/**
 * Runtime configuration, validated once at start. The mode (embedded or scale-out) is picked
 * here from DATABASE_URL and KAFKA_BROKERS, never by editing code.
 */
const brokerList = z
  .string()
  .trim()
  .min(1)
  .transform((s) => s.split(",").map((b) => b.trim()).filter(Boolean))
  .pipe(
    z
      .array(z.string().regex(/^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/, "each broker must be host:port"))
      .min(1, "at least one broker"),
  );

export const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .default("file:./data/chat.db")
    .refine((v) => v.startsWith("file:") || /^mongodb(\+srv)?:\/\/.+/.test(v), {
      message: "must start with file: (SQLite) or mongodb:// (MongoDB)",
    }),
  KAFKA_BROKERS: brokerList.optional(),
  KAFKA_TOPIC: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{1,249}$/, "letters, digits, . _ - only")
    .default("chat-events"),
  KAFKA_CLIENT_ID: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{1,100}$/, "letters, digits, . _ - only")
    .default("chat-app"),
  KAFKA_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(3),
  /** Instance name; each instance consumes with its own consumer group. Defaults to host+pid. */
  INSTANCE_ID: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{1,100}$/)
    .optional(),
  DATA_DIR: z.string().trim().min(1).default("./data"),
  NEXTAUTH_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  SSE_HEARTBEAT_MS: z.coerce.number().int().min(1000).max(25_000).default(15_000),
  /** How often each instance checks the store for events its bus did not deliver. */
  SSE_SWEEP_MS: z.coerce.number().int().min(500).max(300_000).default(10_000),
});

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  // Empty strings mean "unset" (docker-compose and shells often pass VAR= through).
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}

export function storeKind(e: Env): "sqlite" | "mongo" {
  return e.DATABASE_URL.startsWith("file:") ? "sqlite" : "mongo";
}
