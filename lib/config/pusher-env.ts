import { z } from "zod";

const flag = z
  .enum(["true", "false", "1", "0"], { message: "must be true or false" })
  .transform((v) => v === "true" || v === "1");
const port = z.coerce.number().int().min(1).max(65_535);
const host = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9.-]{1,253}$|^\[[0-9A-Fa-f:.]+\]$/, "a host name or address, without scheme or port");

/**
 * The "pusher" realtime mode (serverless deployments): events go out through a Pusher Channels
 * protocol server (Pusher, or a self-hosted Sockudo). Setting PUSHER_APP_ID selects it.
 */
export const pusherEnvShape = {
  PUSHER_APP_ID: z.string().trim().regex(/^[A-Za-z0-9._-]{1,100}$/, "letters, digits, . _ - only").optional(),
  PUSHER_KEY: z.string().trim().regex(/^[A-Za-z0-9._-]{1,200}$/, "letters, digits, . _ - only").optional(),
  PUSHER_SECRET: z.string().min(8, "must be at least 8 characters").optional(),
  /** The API host the server triggers events on (Sockudo: where it listens). Or PUSHER_CLUSTER. */
  PUSHER_HOST: host.optional(),
  PUSHER_PORT: port.optional(),
  /** TLS for the HTTP API and the browser's WebSocket (hosted Pusher: true). */
  PUSHER_TLS: flag.default(true),
  /** Hosted Pusher's cluster (eu, mt1, …), when PUSHER_HOST is not set. */
  PUSHER_CLUSTER: z.string().trim().regex(/^[a-z0-9-]{1,40}$/, "a cluster name such as eu or mt1").optional(),
  /** Where browsers reach the WebSocket, when it differs from the server's view (containers, proxies). */
  PUSHER_CLIENT_HOST: host.optional(),
  PUSHER_CLIENT_PORT: port.optional(),
  /** Events larger than this go out as a notice the browser fills from the store (Pusher's limit: 10 KB). */
  PUSHER_MAX_EVENT_BYTES: z.coerce.number().int().min(512).max(1 << 20).default(10_240),
};

type PusherEnv = z.infer<z.ZodObject<typeof pusherEnvShape>>;
type PusherFields = PusherEnv & { KAFKA_BROKERS?: unknown };

/** The PUSHER_* variables are all-or-nothing, and one realtime transport is chosen. */
export function checkPusherEnv(e: PusherFields, ctx: z.RefinementCtx) {
  const set = Object.keys(pusherEnvShape).filter(
    (k) => !["PUSHER_TLS", "PUSHER_MAX_EVENT_BYTES"].includes(k) && e[k as keyof PusherFields] !== undefined,
  );
  if (set.length === 0) return;
  for (const k of ["PUSHER_APP_ID", "PUSHER_KEY", "PUSHER_SECRET"] as const) {
    if (e[k] === undefined) ctx.addIssue({ code: "custom", path: [k], message: `required when ${set.join(", ")} is set (the pusher realtime mode)` });
  }
  if (e.PUSHER_HOST === undefined && e.PUSHER_CLUSTER === undefined) {
    ctx.addIssue({ code: "custom", path: ["PUSHER_HOST"], message: "set PUSHER_HOST (a self-hosted server such as Sockudo) or PUSHER_CLUSTER (hosted Pusher)" });
  }
  if (e.KAFKA_BROKERS !== undefined) {
    ctx.addIssue({ code: "custom", path: ["KAFKA_BROKERS"], message: "choose one realtime transport: unset KAFKA_BROKERS (SSE scale-out) or the PUSHER_* variables" });
  }
}

export interface PusherServerConfig {
  appId: string;
  key: string;
  secret: string;
  host?: string;
  port?: number;
  cluster?: string;
  useTLS: boolean;
  maxEventBytes: number;
}

/** What the browser may know: never the secret. */
export interface PusherClientConfig {
  key: string;
  cluster: string;
  wsHost?: string;
  wsPort?: number;
  forceTLS: boolean;
}

export function pusherServerConfig(e: PusherEnv): PusherServerConfig | null {
  if (!e.PUSHER_APP_ID || !e.PUSHER_KEY || !e.PUSHER_SECRET) return null;
  return {
    appId: e.PUSHER_APP_ID,
    key: e.PUSHER_KEY,
    secret: e.PUSHER_SECRET,
    host: e.PUSHER_HOST,
    port: e.PUSHER_PORT,
    cluster: e.PUSHER_CLUSTER,
    useTLS: e.PUSHER_TLS,
    maxEventBytes: e.PUSHER_MAX_EVENT_BYTES,
  };
}

export function pusherClientConfig(e: PusherEnv): PusherClientConfig | null {
  const s = pusherServerConfig(e);
  if (!s) return null;
  const wsHost = e.PUSHER_CLIENT_HOST ?? s.host;
  return {
    key: s.key,
    // pusher-js requires a cluster; with an explicit host it is not used for addressing.
    cluster: s.cluster ?? "mt1",
    ...(wsHost ? { wsHost, wsPort: e.PUSHER_CLIENT_PORT ?? s.port } : {}),
    forceTLS: s.useTLS,
  };
}

/**
 * The WebSocket origin browsers open in the pusher mode, for the pages' CSP `connect-src`
 * (read straight from the environment: the proxy runs before the app's configuration is loaded).
 */
export function pusherConnectSources(source: Record<string, string | undefined> = process.env): string[] {
  const parsed = z.object(pusherEnvShape).safeParse(Object.fromEntries(Object.entries(source).filter(([k, v]) => k.startsWith("PUSHER_") && v)));
  if (!parsed.success) return [];
  const c = pusherClientConfig(parsed.data);
  if (!c) return [];
  if (!c.wsHost) return [`wss://ws-${c.cluster}.pusher.com`, `https://sockjs-${c.cluster}.pusher.com`];
  const port = c.wsPort ? `:${c.wsPort}` : "";
  return [`${c.forceTLS ? "wss" : "ws"}://${c.wsHost}${port}`];
}
