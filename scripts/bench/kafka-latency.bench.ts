import { randomBytes } from "node:crypto";
import { it } from "vitest";
import type { ChatEvent } from "@/lib/chat/types";
import { createKafkaBus } from "@/lib/realtime/kafka-bus";

/** Publish → receive latency over the real broker, at the publisher's and at a second instance. */
const brokers = (process.env.KAFKA_BROKERS ?? "127.0.0.1:9092").split(",");
const N = Number(process.env.BENCH_EVENTS ?? 1000);

it("measures publish→receive latency", async () => {
  const run = randomBytes(4).toString("hex");
  const make = (i: number) =>
    createKafkaBus({ brokers, topic: `chat-bench-${run}`, clientId: "chat-bench", groupId: `chat-bench-${run}-${i}`, partitions: 3 });
  const [one, two] = [make(1), make(2)];
  await one.start();
  await two.start();
  const sentAt = new Map<string, number>();
  const latency = { local: [] as number[], remote: [] as number[] };
  const key = (e: ChatEvent) => `${e.conversationId}#${e.seq}`;
  one.subscribe((e) => latency.local.push(performance.now() - sentAt.get(key(e))!));
  two.subscribe((e) => latency.remote.push(performance.now() - sentAt.get(key(e))!));

  const publishTimes: number[] = [];
  for (let i = 0; i < N; i++) {
    const conversationId = `c${i % 20}`;
    const seq = Math.floor(i / 20) + 1;
    const event: ChatEvent = { type: "read.updated", conversationId, seq, at: new Date().toISOString(), userId: "u", lastReadSeq: seq };
    sentAt.set(key(event), performance.now());
    const t = performance.now();
    await one.publish(event);
    publishTimes.push(performance.now() - t);
  }
  const deadline = Date.now() + 30_000;
  while ((latency.local.length < N || latency.remote.length < N) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await Promise.all([one.stop(), two.stop()]);

  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))].toFixed(1);
  const line = (label: string, xs: number[]) => console.log(`${label.padEnd(36)} n=${xs.length}  p50 ${pct(xs, 50)} ms  p99 ${pct(xs, 99)} ms  max ${pct(xs, 100)} ms`);
  line("publish() resolved", publishTimes);
  line("received, same instance", latency.local);
  line("received, second instance", latency.remote);
});
