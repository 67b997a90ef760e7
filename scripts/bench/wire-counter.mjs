// A TCP proxy in front of a MongoDB-wire server that counts the requests passing through it, by
// command name: what a benchmark needs to say how many database round trips an operation costs,
// without touching the app (it only gets another MONGODB_URI). 127.0.0.1 only.
import net from "node:net";

const OP_MSG = 2013;
const OP_QUERY = 2004;

/**
 * The first key of the BSON document at `offset` (a command's name is its first key), with the
 * collection when that key's value is a string ("find users", "insert entries").
 */
function firstKey(buf, offset) {
  const type = buf[offset + 4]; // after the document's length
  const nameStart = offset + 5;
  const nameEnd = buf.indexOf(0, nameStart);
  if (nameEnd <= nameStart) return "?";
  const name = buf.toString("utf8", nameStart, nameEnd);
  if (type !== 0x02) return name;
  const length = buf.readInt32LE(nameEnd + 1); // a BSON string: int32 length (with its NUL), bytes
  return `${name} ${buf.toString("utf8", nameEnd + 5, nameEnd + 5 + length - 1)}`;
}

/** The command a client message carries: OP_MSG's body section, or a legacy OP_QUERY handshake. */
function commandOf(msg) {
  const opCode = msg.readInt32LE(12);
  if (opCode === OP_MSG) {
    let at = 20; // header (16) + flagBits (4)
    while (at < msg.length) {
      const kind = msg[at];
      if (kind === 0) return firstKey(msg, at + 1);
      at += 1 + msg.readInt32LE(at + 1); // a document sequence: skip it, the body comes after
    }
    return "?";
  }
  if (opCode === OP_QUERY) return "legacy-query";
  return `op${opCode}`;
}

/**
 * Starts the proxy on a free 127.0.0.1 port towards `target` ("host:port"). `counts()` is a copy
 * of the requests seen so far by command name; `port` is where to point the app.
 */
export async function startWireCounter(target) {
  const [host, port] = target.split(":");
  const seen = new Map();
  const sockets = new Set();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), host);
    sockets.add(client).add(upstream);
    let pending = Buffer.alloc(0);
    client.on("data", (chunk) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= 16) {
        const length = pending.readInt32LE(0);
        if (pending.length < length) break;
        const name = commandOf(pending.subarray(0, length));
        seen.set(name, (seen.get(name) ?? 0) + 1);
        pending = pending.subarray(length);
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk) => client.write(chunk));
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("close", close).on("error", close);
    upstream.on("close", close).on("error", close);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: server.address().port,
    counts: () => new Map(seen),
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** `after - before` per command name, dropping names that did not change. */
export function diffCounts(before, after) {
  const out = new Map();
  for (const [name, n] of after) {
    const d = n - (before.get(name) ?? 0);
    if (d) out.set(name, d);
  }
  return out;
}
