// Preloaded into each benchmarked server (NODE_OPTIONS=--import): every BENCH_PROBE_MS it appends
// one JSON line with RSS, heap and the event-loop delay since the previous line to
// $BENCH_PROBE_DIR/<pid>.jsonl. On SIGUSR2 it runs a full GC first (needs --expose-gc), so the
// next line's RSS is comparable across servers. Measures from inside without touching their code.
import fs from "node:fs";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";

const dir = process.env.BENCH_PROBE_DIR;
if (dir) {
  const file = path.join(dir, `${process.pid}.jsonl`);
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const ms = (ns) => Math.round(ns / 1e4) / 100;
  const write = (extra) => {
    const m = process.memoryUsage();
    const line = { t: Date.now(), rss: m.rss, heap: m.heapUsed, eldP50: ms(h.percentile(50)), eldP99: ms(h.percentile(99)), eldMax: ms(h.max), ...extra };
    h.reset();
    fs.appendFileSync(file, JSON.stringify(line) + "\n");
  };
  setInterval(write, Number(process.env.BENCH_PROBE_MS || 1000)).unref();
  process.on("SIGUSR2", () => {
    if (globalThis.gc) {
      globalThis.gc();
      globalThis.gc();
    }
    write({ gc: true });
  });
}
