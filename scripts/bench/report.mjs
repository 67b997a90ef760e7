// The one table of a bench run: each figure per side and the ratios app/bare and app/trivial.
const f0 = (x) => (x === undefined || x === null || Number.isNaN(x) ? "—" : x.toFixed(0));
const f1 = (x) => (x === undefined || x === null || Number.isNaN(x) ? "—" : x.toFixed(1));
const ratio = (a, b) => (a && b ? (a / b).toFixed(2) : "—");
const run = (r) => (r ? `${r.accepted}/${r.sent} ok, ${((100 * r.delivered) / Math.max(1, r.expected)).toFixed(1)} % dlv, p50 ${f1(r.p50)} / p99 ${f1(r.p99)} ms` : "—");

export function printReport(r) {
  const rows = [
    ["16 keep-alive clients, GET req/s", f0(r.get.bare?.rps), f0(r.get.trivial?.rps), f0(r.get.app?.rps), ratio(r.get.app?.rps, r.get.bare?.rps), ratio(r.get.app?.rps, r.get.trivial?.rps)],
    ["16 keep-alive clients, send (POST) req/s", f0(r.post.bare?.rps), f0(r.post.trivial?.rps), f0(r.post.app?.rps), ratio(r.post.app?.rps, r.post.bare?.rps), ratio(r.post.app?.rps, r.post.trivial?.rps)],
    [`${r.nBusy} streams, rooms of 10, 200 sends/s`, run(r.busy.bare), "—", run(r.busy.app), ratio(r.busy.app?.p99, r.busy.bare?.p99) + " (p99)", "—"],
    ["highest send rate with p99 ≤ 100 ms, all delivered", rampCell(r.ramp.bare), "—", rampCell(r.ramp.app), ratio(r.ramp.app?.rate, r.ramp.bare?.rate), "—"],
    [`${r.nMany} idle streams: KiB RSS per stream (after GC)`, f1(r.many.bare?.kibPerStream), f1(r.many.trivial?.kibPerStream), f1(r.many.app?.kibPerStream), ratio(r.many.app?.kibPerStream, r.many.bare?.kibPerStream), ratio(r.many.app?.kibPerStream, r.many.trivial?.kibPerStream)],
    [`${r.nMany} idle streams: event-loop delay p99 (worst 1-s window) / max, ms`, eld(r.many.bare), eld(r.many.trivial), eld(r.many.app), ratio(r.many.app?.eldP99, r.many.bare?.eldP99), ratio(r.many.app?.eldP99, r.many.trivial?.eldP99)],
    [`${r.nMany} streams: a send to a room of 10, p99 ms`, run(r.many.bare?.send), "—", run(r.many.app?.send), ratio(r.many.app?.send.p99, r.many.bare?.send.p99), "—"],
    [`${r.nMany} streams: time to open all, s`, f1(r.many.bare?.openS), f1(r.many.trivial?.openS), f1(r.many.app?.openS), ratio(r.many.app?.openS, r.many.bare?.openS), ratio(r.many.app?.openS, r.many.trivial?.openS)],
  ];
  const head = ["what", "bare Node SSE", "trivial Next.js", "this app", "app/bare", "app/trivial"];
  const line = (cells) => `| ${cells.join(" | ")} |`;
  console.log("\n" + line(head));
  console.log(line(head.map(() => "---")));
  for (const row of rows) console.log(line(row));
  if (r.post.trivialPages) console.log(`\ntrivial Next.js Pages Router API route (Node req/res), send (POST) req/s: ${f0(r.post.trivialPages.rps)}; app/that ${ratio(r.post.app?.rps, r.post.trivialPages.rps)}`);
  if (r.post.trivialPagesDynamic) console.log(`… the same with a path parameter (/api/rooms/:id/send-node), req/s: ${f0(r.post.trivialPagesDynamic.rps)}; app/that ${ratio(r.post.app?.rps, r.post.trivialPagesDynamic.rps)}`);
  if (r.post.app) console.log(`app send latency, 16 clients: p50 ${f1(r.post.app.p50)} / p99 ${f1(r.post.app.p99)} ms, ${(r.post.app.okShare * 100).toFixed(1)} % 201`);
  for (const name of ["bare", "trivial", "app"]) {
    const t = r.many[name]?.timeline;
    if (t) console.log(`\nevent-loop delay over the idle window, ${name} (max per 1-s sample, ms): ${t.map((x) => x.toFixed(0)).join(" ")}`);
  }
  console.log(`\nmachine at start: ${r.loadStart}\nmachine at end:   ${r.loadEnd}\nrun took ${r.seconds.toFixed(0)} s${r.quick ? " (--quick: small counts)" : ""}${r.sendOnly ? " (--send-only)" : ""}, app build ${r.dist}`);
}

function rampCell(x) {
  return x ? `${x.rate}/s (p99 ${f1(x.p99)} ms)` : "none passed";
}
function eld(m) {
  return m ? `${f1(m.eldP99)} / ${f1(m.eldMax)}` : "—";
}
