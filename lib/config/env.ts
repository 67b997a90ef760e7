import net from "node:net";
import { z } from "zod";
import { checkPusherEnv, pusherEnvShape } from "./pusher-env";

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

/**
 * Which forwarding headers to believe. Unset: none — the client address is the socket's, because
 * anyone can send X-Forwarded-For. A hop count (1–10) trusts that many proxies in front of the
 * app; a list of addresses/CIDRs trusts exactly those proxies.
 */
export type TrustProxy = { hops: number } | { cidrs: string[] };

const cidr = z.string().refine((v) => {
  const [ip, bits, extra] = v.split("/");
  const family = net.isIP(ip);
  if (!family || extra !== undefined) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d{1,3}$/.test(bits) && n <= (family === 4 ? 32 : 128);
}, "each entry must be an IP address or CIDR (10.0.0.0/8, ::1)");

const trustProxy = z
  .string()
  .trim()
  .transform((v, ctx): TrustProxy => {
    if (/^\d+$/.test(v)) {
      const hops = Number(v);
      if (hops >= 1 && hops <= 10) return { hops };
      ctx.addIssue({ code: "custom", message: "a hop count must be 1–10 (unset it to trust no proxy)" });
      return z.NEVER;
    }
    const cidrs = v.split(",").map((s) => s.trim()).filter(Boolean);
    const bad = cidrs.find((c) => !cidr.safeParse(c).success);
    if (bad !== undefined || cidrs.length === 0) {
      ctx.addIssue({ code: "custom", message: `a hop count (1–10) or a list of proxy addresses/CIDRs; "${bad ?? v}" is neither` });
      return z.NEVER;
    }
    return { cidrs };
  });

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
  /**
   * How long a SQLite write waits for another process's write lock (a second instance, a backup,
   * an admin's sqlite3) before answering 503 unavailable:store.
   */
  SQLITE_BUSY_TIMEOUT_MS: z.coerce.number().int().min(0).max(120_000).default(5_000),
  /** How often each instance checks the store for events its bus did not deliver. */
  SSE_SWEEP_MS: z.coerce.number().int().min(500).max(300_000).default(10_000),
  TRUST_PROXY: trustProxy.optional(),
  /** Largest file one upload may carry (25 MiB by default, at most 1 GiB). */
  UPLOAD_MAX_BYTES: z.coerce.number().int().min(1024, "must be at least 1024").max(1024 ** 3, "must be at most 1 GiB").default(25 * 1024 * 1024),
  /** Most files one message may carry. */
  UPLOAD_MAX_FILES: z.coerce.number().int().min(1).max(50).default(10),
  /** Uploads never attached to a message are deleted after this long (24 h by default). */
  UPLOAD_UNATTACHED_TTL_MS: z.coerce.number().int().min(1000).max(30 * 86_400_000).default(86_400_000),
  /** How often each instance sweeps unattached uploads and what a crash left behind. */
  UPLOAD_SWEEP_MS: z.coerce.number().int().min(1000).max(86_400_000).default(3_600_000),
  /** Open streams per account on one instance (tabs and devices); more get 429. */
  SSE_MAX_STREAMS_PER_USER: z.coerce.number().int().min(1).max(1000).default(20),
  /** Open streams on one instance (each costs ~17 KiB); more get 429 so a balancer can move on. */
  SSE_MAX_STREAMS: z.coerce.number().int().min(1).max(1_000_000).default(20_000),
  /** A resume that would replay more events than this gets a `reset` (refetch) instead. */
  SSE_REPLAY_MAX_EVENTS: z.coerce.number().int().min(1).max(1_000_000).default(1_000),
  /** …and one that has replayed this many bytes is cut short the same way. */
  SSE_REPLAY_MAX_BYTES: z.coerce.number().int().min(1024).max(1 << 30).default(1 << 20),
  /** How often each instance checks that the sign-ins behind its open streams are still live. */
  SSE_SESSION_CHECK_MS: z.coerce.number().int().min(500).max(300_000).default(15_000),
  ...pusherEnvShape,
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
  const result = envSchema.superRefine(checkPusherEnv).safeParse(cleaned);
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

/** The live path to browsers: the app's own SSE stream, or a Pusher Channels server. */
export function realtimeKind(e: Env): "sse" | "pusher" {
  return e.PUSHER_APP_ID ? "pusher" : "sse";
}

export function busKind(e: Env): "local" | "kafka" | "pusher" {
  return e.PUSHER_APP_ID ? "pusher" : e.KAFKA_BROKERS ? "kafka" : "local";
}

export function storeKind(e: Env): "sqlite" | "mongo" {
  return e.DATABASE_URL.startsWith("file:") ? "sqlite" : "mongo";
}
