import net from "node:net";
import { env, type TrustProxy } from "@/lib/config/env";
import { PEER_HEADER } from "./peer-address";

/**
 * The client's address for rate limits: the socket's, unless TRUST_PROXY says which proxies in
 * front of the app may report it in X-Forwarded-For. Normalized so one client is one key: IPv4
 * as dotted quad (also when mapped into IPv6), IPv6 cut to its /64 (what one host usually gets).
 */
export function clientAddress(headers: HeaderSource, trust: TrustProxy | undefined = env().TRUST_PROXY): string {
  const rawPeer = headers.get(PEER_HEADER) ?? "";
  const peer = normalizeIp(rawPeer);
  if (!peer) return "unknown";
  if (!trust) return peer;
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  // Right to left: the peer, then what each trusted proxy says it received from.
  const chain = [...forwarded, rawPeer];
  let i = chain.length - 1;
  if ("hops" in trust) {
    for (let h = 0; h < trust.hops && i > 0; h++) {
      if (!normalizeIp(chain[i - 1])) break; // a garbled entry: stop at the proxy that wrote it
      i--;
    }
  } else {
    const trusted = blockList(trust.cidrs);
    while (i > 0 && isIn(trusted, chain[i]) && normalizeIp(chain[i - 1])) i--;
  }
  return normalizeIp(chain[i]) ?? peer;
}

/** Request headers, or what next/headers returns in a server action. */
export interface HeaderSource {
  get(name: string): string | null;
}

/** A normalized address, or null when the text is not an IP address. */
export function normalizeIp(raw: string): string | null {
  let ip = raw.trim();
  if (ip.startsWith("[") && ip.endsWith("]")) ip = ip.slice(1, -1);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) ip = mapped[1];
  const family = net.isIP(ip);
  if (family === 4) return ip;
  if (family !== 6) return null;
  return `${expandIpv6(ip).slice(0, 4).join(":")}::/64`;
}

function expandIpv6(ip: string): string[] {
  const [head, tail = ""] = ip.split("%")[0].split("::");
  const left = head ? head.split(":") : [];
  const right = ip.includes("::") ? (tail ? tail.split(":") : []) : [];
  const fill = ip.includes("::") ? Array(8 - left.length - right.length).fill("0") : [];
  return [...left, ...fill, ...right].map((g) => (g.includes(".") ? g : g.toLowerCase().replace(/^0+(?=.)/, "")));
}

const lists = new Map<string, net.BlockList>();
function blockList(cidrs: string[]): net.BlockList {
  const key = cidrs.join(",");
  let list = lists.get(key);
  if (!list) {
    list = new net.BlockList();
    for (const c of cidrs) {
      const [ip, bits] = c.split("/");
      const type = net.isIP(ip) === 6 ? "ipv6" : "ipv4";
      if (bits === undefined) list.addAddress(ip, type);
      else list.addSubnet(ip, Number(bits), type);
    }
    lists.set(key, list);
  }
  return list;
}

function isIn(list: net.BlockList, raw: string): boolean {
  let ip = raw.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) ip = mapped[1];
  const family = net.isIP(ip);
  return family !== 0 && list.check(ip, family === 6 ? "ipv6" : "ipv4");
}
