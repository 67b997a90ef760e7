import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/config/env";
import { clientAddress, normalizeIp } from "@/lib/http/client-address";
import { PEER_HEADER } from "@/lib/http/peer-address";

const h = (peer: string, xff?: string) => new Headers({ [PEER_HEADER]: peer, ...(xff ? { "x-forwarded-for": xff } : {}) });

describe("client address", () => {
  it("is the socket address when no proxy is trusted, whatever the headers say", () => {
    expect(clientAddress(h("127.0.0.5", "1.2.3.4"), undefined)).toBe("127.0.0.5");
    expect(clientAddress(new Headers({ "x-forwarded-for": "1.2.3.4", "x-real-ip": "5.6.7.8" }), undefined)).toBe("unknown");
  });

  it("with a hop count takes the address that many proxies back, ignoring what the client prepended", () => {
    expect(clientAddress(h("10.0.0.2", "6.6.6.6, 203.0.113.9"), { hops: 1 })).toBe("203.0.113.9");
    expect(clientAddress(h("10.0.0.2", "6.6.6.6, 203.0.113.9, 10.0.0.1"), { hops: 2 })).toBe("203.0.113.9");
    expect(clientAddress(h("10.0.0.2"), { hops: 1 })).toBe("10.0.0.2");
    expect(clientAddress(h("10.0.0.2", "not-an-ip"), { hops: 1 })).toBe("10.0.0.2");
  });

  it("with trusted CIDRs skips trusted proxies from the right", () => {
    const trust = { cidrs: ["10.0.0.0/8", "::1"] };
    expect(clientAddress(h("10.0.0.2", "6.6.6.6, 203.0.113.9, 10.1.2.3"), trust)).toBe("203.0.113.9");
    expect(clientAddress(h("198.51.100.1", "6.6.6.6"), trust)).toBe("198.51.100.1"); // untrusted peer
    expect(clientAddress(h("::1", "2001:db8:1:2:3:4:5:6"), trust)).toBe("2001:db8:1:2::/64");
  });

  it("normalizes so one host is one key", () => {
    expect(normalizeIp("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(normalizeIp("2001:DB8:0:0:1::1")).toBe(normalizeIp("2001:db8::2"));
    expect(normalizeIp("[::1]")).toBe("0:0:0:0::/64");
    expect(normalizeIp("eve" + "a".repeat(60_000))).toBeNull();
  });
});

describe("TRUST_PROXY", () => {
  it.each([
    ["1", { hops: 1 }],
    ["10.0.0.0/8, 192.168.1.1 ,::1/128", { cidrs: ["10.0.0.0/8", "192.168.1.1", "::1/128"] }],
  ])("reads %j", (value, expected) => {
    expect(parseEnv({ TRUST_PROXY: value }).TRUST_PROXY).toEqual(expected);
  });

  it.each(["0", "11", "true", "10.0.0.0/33", "10.0.0/8", "::1/129", "1.2.3.4/8/1", ","])("refuses %j", (value) => {
    expect(() => parseEnv({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY/);
  });
});
