import Pusher from "pusher-js";

export interface PusherMessage {
  name: string;
  data: unknown;
}

export interface PusherListener {
  readonly messages: PusherMessage[];
  socketId(): string | undefined;
  state(): string;
  /** Resolves once a message matches, or fails after timeoutMs with what did arrive. */
  waitFor(match: (m: PusherMessage) => boolean, what: string, timeoutMs?: number): Promise<PusherMessage>;
  close(): void;
}

/**
 * pusher-js (its Node build) subscribed to one private channel of a real Pusher-protocol
 * server, as the browser is. `authorize` signs the subscription (the app's auth endpoint, or
 * the server SDK directly in contract tests); a refusal rejects the returned promise.
 */
export async function listen(opts: {
  key: string;
  host: string;
  port: number;
  channel: string;
  authorize: (socketId: string, channel: string) => Promise<{ auth: string }>;
}): Promise<PusherListener> {
  const pusher = new Pusher(opts.key, {
    cluster: "mt1",
    wsHost: opts.host,
    wsPort: opts.port,
    forceTLS: false,
    enabledTransports: ["ws"],
    disableStats: true,
    channelAuthorization: {
      endpoint: "unused",
      transport: "ajax",
      customHandler: ({ socketId, channelName }, callback) => {
        opts.authorize(socketId, channelName).then(
          (data) => callback(null, data),
          (err: Error) => callback(err, null),
        );
      },
    },
  });
  const messages: PusherMessage[] = [];
  const waiters = new Set<() => void>();
  const channel = pusher.subscribe(opts.channel);
  channel.bind_global((name: string, data: unknown) => {
    if (name.startsWith("pusher:") || name.startsWith("pusher_internal:")) return;
    messages.push({ name, data });
    for (const w of [...waiters]) w();
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no subscription to ${opts.channel} within 15 s (state ${pusher.connection.state})`)), 15_000);
    channel.bind("pusher:subscription_succeeded", () => (clearTimeout(timer), resolve()));
    channel.bind("pusher:subscription_error", (e: unknown) => (clearTimeout(timer), reject(new Error(`subscription refused: ${JSON.stringify(e)}`))));
  }).catch((err) => {
    pusher.disconnect();
    throw err;
  });
  return {
    messages,
    socketId: () => pusher.connection.socket_id,
    state: () => pusher.connection.state,
    waitFor(match, what, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(match);
          if (!found) return;
          cleanup();
          resolve(found);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${what} not received within ${timeoutMs} ms; got ${JSON.stringify(messages.map((m) => m.name))}`));
        }, timeoutMs);
        const cleanup = () => (clearTimeout(timer), waiters.delete(check));
        waiters.add(check);
        check();
      });
    },
    close: () => pusher.disconnect(),
  };
}
