import { it } from "vitest";
import { ApiClient } from "../../tests/helpers/api-client";
import { startApp } from "../../tests/helpers/app-server";
import { startOwnSockudo } from "../../tests/helpers/own-sockudo";
import { listen } from "../../tests/helpers/pusher-listener";

/**
 * Send → deliver latency, through Sockudo (pusher-js) and through the SSE stream, for the same
 * messages on the same `next start` instance in the pusher mode (it still serves /api/stream to
 * its own events). Each message: POST, then the time until it arrives on each path. Needs a
 * `next build` and the Sockudo binary (npm run services:start).
 *   npx vitest run --config scripts/bench/vitest.config.mts pusher
 */
const N = Number(process.env.BENCH_MESSAGES ?? 300);

it("measures send→deliver latency: Sockudo vs SSE", async () => {
  const sockudo = await startOwnSockudo();
  const app = await startApp({ name: "bench-pusher", env: sockudo.appEnv });
  try {
    const [alice, bob] = [new ApiClient(app.baseUrl), new ApiClient(app.baseUrl)];
    await alice.signUp(`bench-alice-${sockudo.port}`);
    const bobId = (await bob.signUp(`bench-bob-${sockudo.port}`)).id;
    const dm = (await alice.post("/api/conversations", { type: "direct", userId: bobId })).body.conversation;
    const sse = await bob.openStream();
    await sse.waitFor((es) => es.some((e) => e.event === "ready"));
    const pusher = await listen({
      key: sockudo.key,
      host: sockudo.host,
      port: sockudo.port,
      channel: `private-user-${bobId}`,
      authorize: async (socketId, channel) =>
        (
          await bob.request("POST", "/api/realtime/pusher/auth", new URLSearchParams({ socket_id: socketId, channel_name: channel }).toString(), {
            "content-type": "application/x-www-form-urlencoded",
          })
        ).body,
    });
    const lat = { post: [] as number[], sse: [] as number[], pusher: [] as number[] };
    const isMsg = (data: unknown, text: string) => (data as { message?: { text?: string } })?.message?.text === text;
    for (let i = 0; i < N + 20; i++) {
      const text = `bench ${i}`;
      const t0 = performance.now();
      const viaSse = sse.waitFor((es) => es.some((e) => isMsg(e.data, text)), 15_000).then(() => performance.now() - t0);
      const viaPusher = pusher.waitFor((m) => isMsg(m.data, text), `message ${i}`).then(() => performance.now() - t0);
      const res = await alice.post(`/api/conversations/${dm.id}/messages`, { text });
      const posted = performance.now() - t0;
      if (res.status !== 201) throw new Error(`send answered ${res.status}`);
      const [s, p] = await Promise.all([viaSse, viaPusher]);
      // The app allows a person 20 message writes a second after a burst of 200: stay under it.
      await new Promise((r) => setTimeout(r, Math.max(0, 60 - (performance.now() - t0))));
      if (i < 20) continue; // warm-up
      lat.post.push(posted);
      lat.sse.push(s);
      lat.pusher.push(p);
    }
    pusher.close();
    const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((q / 100) * xs.length))].toFixed(1);
    const line = (label: string, xs: number[]) =>
      console.log(`${label.padEnd(34)} n=${xs.length}  p50 ${pct(xs, 50)} ms  p95 ${pct(xs, 95)} ms  p99 ${pct(xs, 99)} ms  max ${pct(xs, 100)} ms`);
    console.log(`send → deliver, one DM, messages sent one at a time (${new Date().toISOString()})`);
    line("POST answered (201)", lat.post);
    line("delivered over SSE (/api/stream)", lat.sse);
    line("delivered over Sockudo (pusher-js)", lat.pusher);
  } finally {
    await app.stop();
    await sockudo.stop();
  }
});
