import { describe, expect, it } from "vitest";
import { busKind, ConfigError, parseEnv, realtimeKind } from "@/lib/config/env";
import { pusherClientConfig, pusherConnectSources, pusherServerConfig } from "@/lib/config/pusher-env";

const SOCKUDO = { PUSHER_APP_ID: "chat-app", PUSHER_KEY: "chat-key", PUSHER_SECRET: "chat-secret", PUSHER_HOST: "127.0.0.1", PUSHER_PORT: "6001", PUSHER_TLS: "false" };

describe("configuration: the pusher realtime mode", () => {
  it("is off by default", () => {
    const e = parseEnv({});
    expect([realtimeKind(e), busKind(e), pusherServerConfig(e), pusherClientConfig(e)]).toEqual(["sse", "local", null, null]);
  });

  it("is chosen by the PUSHER_* variables; the browser gets no secret", () => {
    const e = parseEnv(SOCKUDO);
    expect([realtimeKind(e), busKind(e)]).toEqual(["pusher", "pusher"]);
    expect(pusherServerConfig(e)).toMatchObject({ appId: "chat-app", host: "127.0.0.1", port: 6001, useTLS: false, maxEventBytes: 10_240 });
    const client = pusherClientConfig(e);
    expect(client).toEqual({ key: "chat-key", cluster: "mt1", wsHost: "127.0.0.1", wsPort: 6001, forceTLS: false });
    expect(JSON.stringify(client)).not.toContain("chat-secret");
  });

  it("gives browsers PUSHER_CLIENT_HOST/PORT when they reach the server elsewhere", () => {
    const e = parseEnv({ ...SOCKUDO, PUSHER_HOST: "sockudo", PUSHER_CLIENT_HOST: "localhost", PUSHER_CLIENT_PORT: "6002" });
    expect(pusherClientConfig(e)).toMatchObject({ wsHost: "localhost", wsPort: 6002 });
  });

  it("takes hosted Pusher's cluster instead of a host, with TLS by default", () => {
    const e = parseEnv({ PUSHER_APP_ID: "1", PUSHER_KEY: "k", PUSHER_SECRET: "s3cret-value", PUSHER_CLUSTER: "eu" });
    expect(pusherClientConfig(e)).toEqual({ key: "k", cluster: "eu", forceTLS: true });
    expect(pusherConnectSources({ PUSHER_APP_ID: "1", PUSHER_KEY: "k", PUSHER_SECRET: "s3cret-value", PUSHER_CLUSTER: "eu" })).toContain("wss://ws-eu.pusher.com");
  });

  it("allows the WebSocket origin in the pages' CSP", () => {
    expect(pusherConnectSources(SOCKUDO)).toEqual(["ws://127.0.0.1:6001"]);
    expect(pusherConnectSources({})).toEqual([]);
  });

  it.each([
    [{ PUSHER_APP_ID: "chat-app" }, "PUSHER_KEY"],
    [{ ...SOCKUDO, PUSHER_SECRET: undefined }, "PUSHER_SECRET"],
    [{ ...SOCKUDO, PUSHER_HOST: undefined }, "PUSHER_HOST"],
    [{ ...SOCKUDO, PUSHER_HOST: "http://x" }, "PUSHER_HOST"],
    [{ ...SOCKUDO, PUSHER_PORT: "70000" }, "PUSHER_PORT"],
    [{ ...SOCKUDO, PUSHER_TLS: "maybe" }, "PUSHER_TLS"],
    [{ ...SOCKUDO, KAFKA_BROKERS: "127.0.0.1:9092" }, "KAFKA_BROKERS"],
    [{ PUSHER_KEY: "k" }, "PUSHER_APP_ID"],
  ])("refuses %j, naming %s", (source, name) => {
    expect(() => parseEnv(source as Record<string, string>)).toThrow(ConfigError);
    expect(() => parseEnv(source as Record<string, string>)).toThrow(name);
  });
});
