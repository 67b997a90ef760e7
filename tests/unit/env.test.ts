import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv, storeKind } from "@/lib/config/env";

describe("configuration", () => {
  it("defaults to the embedded mode", () => {
    const e = parseEnv({});
    expect(e.DATABASE_URL).toBe("file:./data/chat.db");
    expect(e.KAFKA_BROKERS).toBeUndefined();
    expect(storeKind(e)).toBe("sqlite");
  });

  it("reads the scale-out mode", () => {
    const e = parseEnv({ DATABASE_URL: "mongodb://127.0.0.1:27017/chat", KAFKA_BROKERS: "a:9092, b:9093", KAFKA_PARTITIONS: "6" });
    expect(storeKind(e)).toBe("mongo");
    expect(e.KAFKA_BROKERS).toEqual(["a:9092", "b:9093"]);
    expect(e.KAFKA_PARTITIONS).toBe(6);
  });

  it("treats empty values as unset", () => {
    expect(parseEnv({ KAFKA_BROKERS: "", DATABASE_URL: "" }).DATABASE_URL).toBe("file:./data/chat.db");
  });

  it.each([
    [{ DATABASE_URL: "postgres://x" }, "DATABASE_URL"],
    [{ KAFKA_BROKERS: "no-port" }, "KAFKA_BROKERS"],
    [{ KAFKA_TOPIC: "bad topic!" }, "KAFKA_TOPIC"],
    [{ KAFKA_PARTITIONS: "0" }, "KAFKA_PARTITIONS"],
    [{ NEXTAUTH_SECRET: "short" }, "NEXTAUTH_SECRET"],
    [{ SQLITE_BUSY_TIMEOUT_MS: "-1" }, "SQLITE_BUSY_TIMEOUT_MS"],
    [{ SQLITE_BUSY_TIMEOUT_MS: "soon" }, "SQLITE_BUSY_TIMEOUT_MS"],
    [{ SQLITE_BUSY_TIMEOUT_MS: "600000" }, "SQLITE_BUSY_TIMEOUT_MS"],
  ])("stops with a clear message on %j", (source, name) => {
    expect(() => parseEnv(source)).toThrow(ConfigError);
    expect(() => parseEnv(source)).toThrow(new RegExp(name));
  });
});
