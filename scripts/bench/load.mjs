// The one load generator every side is driven through: keep-alive request loops, SSE streams
// parsed just enough to see message ids, and open-loop sends at a fixed rate. A "side" describes
// how to reach a server: { base, streamPath(user), sendPath(user), auth(user) → headers }.
import http from "node:http";

const streamAgent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function request(base, method, path, { headers = {}, body, agent } = {}) {
  return new Promise((resolve) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request(
      base + path,
      {
        method,
        agent,
        headers: { ...headers, ...(data ? { "content-type": "application/json", "content-length": data.length } : {}) },
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", () => resolve({ status: 0, body: "" }));
      },
    );
    req.on("error", (err) => resolve({ status: 0, body: "", error: err.code ?? err.message }));
    req.end(data);
  });
}

export function percentile(xs, p) {
  if (xs.length === 0) return NaN;
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/** `clients` keep-alive loops for `seconds`; requests/s and the share of expected statuses. */
export async function closedLoop({ clients, seconds, make }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const until = performance.now() + seconds * 1000;
  let done = 0;
  let ok = 0;
  let n = 0;
  const lat = [];
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        const { base, method, path, headers, body, expect } = make(n++);
        const t = performance.now();
        const res = await request(base, method, path, { headers, body, agent });
        lat.push(performance.now() - t);
        done++;
        if (res.status === expect) ok++;
      }
    }),
  );
  agent.destroy();
  return { rps: done / seconds, okShare: done ? ok / done : 0, p50: percentile(lat, 50), p99: percentile(lat, 99) };
}

/**
 * Holds SSE streams and records, for every message seen, the delay since its send started.
 * Frames are scanned for `"clientId":"…"` only, so parsing costs the generator little.
 */
export class StreamPool {
  constructor() {
    this.streams = [];
    this.sentAt = new Map();
    this.latencies = [];
    this.delivered = 0;
    this.ready = 0;
    this.failed = 0;
  }

  open(base, path, headers) {
    return new Promise((resolve) => {
      const req = http.get(base + path, { agent: streamAgent, headers }, (res) => {
        if (res.statusCode !== 200) {
          this.failed++;
          res.resume();
          return resolve(false);
        }
        res.setEncoding("utf8");
        let buf = "";
        let isReady = false;
        res.on("data", (chunk) => {
          buf += chunk;
          const end = buf.lastIndexOf("\n\n");
          if (end < 0) return;
          const frames = buf.slice(0, end);
          buf = buf.slice(end + 2);
          if (!isReady && frames.includes("event: ready")) {
            isReady = true;
            this.ready++;
            resolve(true);
          }
          let i = 0;
          while ((i = frames.indexOf('"clientId":"', i)) >= 0) {
            const start = i + 12;
            const stop = frames.indexOf('"', start);
            const sent = this.sentAt.get(frames.slice(start, stop));
            if (sent !== undefined) {
              this.latencies.push(performance.now() - sent);
              this.delivered++;
            }
            i = stop;
          }
        });
        res.on("error", () => {});
        res.on("close", () => {
          if (!isReady) resolve(false);
        });
      });
      req.on("error", () => {
        this.failed++;
        resolve(false);
      });
      this.streams.push(req);
    });
  }

  /** Opens many, at most `parallel` handshakes at a time, for at most `budgetS` seconds. */
  async openMany(count, make, { parallel = 100, budgetS = 180 } = {}) {
    let next = 0;
    const t = performance.now();
    const until = t + budgetS * 1000;
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        while (next < count && performance.now() < until) {
          const { base, path, headers } = make(next++);
          await this.open(base, path, headers);
        }
      }),
    );
    return (performance.now() - t) / 1000;
  }

  resetCounters() {
    this.sentAt.clear();
    this.latencies = [];
    this.delivered = 0;
  }

  close() {
    for (const r of this.streams) r.destroy();
    this.streams = [];
  }
}

/**
 * Open-loop sends: `rate` per second for `seconds`, each from a sender picked by `make(i)`;
 * then waits (at most 10 s) for the expected deliveries. Latency = send start → frame read.
 */
export async function sendAtRate(pool, { rate, seconds, make, recipients }) {
  pool.resetCounters();
  // Fresh keep-alive connections per run: sockets left idle since the previous run could be
  // reused just as the server closes them (its keep-alive timeout, 5 s), a reset that is the
  // load generator's, not the server's.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.round(rate * seconds);
  let accepted = 0;
  let sentCount = 0;
  const statuses = {}; // what the sends that were not accepted got (0: no answer, connection error)
  const pending = [];
  const t0 = performance.now();
  const tick = 5;
  while (sentCount < total) {
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate) + 1);
    for (; sentCount < due; sentCount++) {
      const { base, path, headers } = make(sentCount);
      const clientId = `c${sentCount}-${rate}-${Math.random().toString(36).slice(2, 8)}`;
      pool.sentAt.set(clientId, performance.now());
      pending.push(
        request(base, "POST", path, { headers, body: { text: `bench ${sentCount}`, clientId }, agent }).then((r) => {
          if (r.status === 201) accepted++;
          else {
            const key = r.status === 0 ? `0 ${r.error}` : r.status;
            statuses[key] = (statuses[key] ?? 0) + 1;
          }
        }),
      );
    }
    await sleep(tick);
  }
  const sendSeconds = (performance.now() - t0) / 1000;
  await Promise.all(pending);
  agent.destroy();
  const expected = accepted * recipients;
  const until = performance.now() + 10_000;
  while (pool.delivered < expected && performance.now() < until) await sleep(20);
  return {
    rate,
    achievedRate: total / sendSeconds,
    sent: total,
    accepted,
    refused: statuses,
    delivered: pool.delivered,
    expected,
    p50: percentile(pool.latencies, 50),
    p99: percentile(pool.latencies, 99),
  };
}
