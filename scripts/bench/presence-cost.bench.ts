import { it } from "vitest";
import { PRESENCE_RULES } from "@/lib/chat/presence";
import { LocalEventBus } from "@/lib/realtime/local-bus";
import { PresenceRelay } from "@/lib/realtime/presence-relay";
import { LocalSignalBus, type Signal } from "@/lib/realtime/signal-bus";
import { SseHub } from "@/lib/realtime/sse-hub";
import { SqliteChatStore } from "@/lib/store/sqlite";

/**
 * What presence costs per connected person, in process (no network): the bytes an instance puts on
 * the signal bus per beat, the CPU of a beat (the relay's tick), and the stream bytes and CPU of one
 * status change fanned out to the people who share a conversation. BENCH_USERS people, each in
 * one group of BENCH_GROUP_SIZE, all connected to one instance.
 *   npx vitest run --config scripts/bench/vitest.config.mts presence
 */
const USERS = Number(process.env.BENCH_USERS ?? 2000);
const GROUP = Number(process.env.BENCH_GROUP_SIZE ?? 10);
const BEATS = 20;

it("measures presence cost per connected person", async () => {
  const store = new SqliteChatStore("file::memory:");
  await store.init();
  const ids: string[] = [];
  for (let i = 0; i < USERS; i++) ids.push((await store.createUser({ username: `p${i}`, displayName: `P ${i}`, passwordHash: "x" })).id);
  for (let g = 0; g < USERS / GROUP; g++) {
    const members = ids.slice(g * GROUP, (g + 1) * GROUP);
    await store.createGroupConversation({ name: `g${g}`, creatorId: members[0], memberIds: members.slice(1) });
  }
  let now = 1_000_000;
  const signals = new LocalSignalBus();
  let signalBytes = 0;
  signals.subscribe((s: Signal) => void (signalBytes += JSON.stringify(s).length));
  const hub = new SseHub(store, new LocalEventBus());
  const relay = new PresenceRelay(store, hub, signals, "bench", PRESENCE_RULES, () => now);
  relay.start();
  let streamBytes = 0;
  const sink = {
    write: (f: string) => {
      if (f.includes("event: presence\n")) streamBytes += f.length;
      return true;
    },
    close() {},
  };
  const cpu0 = process.cpuUsage();
  const conns = [];
  for (const id of ids) conns.push(await hub.connect(id, sink, null));
  await new Promise((r) => setTimeout(r, 500));
  const connectCpu = process.cpuUsage(cpu0);
  const connectBytes = streamBytes;

  signalBytes = 0;
  const cpu1 = process.cpuUsage();
  for (let b = 0; b < BEATS; b++) {
    now += PRESENCE_RULES.beatMs;
    relay.tick();
  }
  const beatCpu = process.cpuUsage(cpu1);
  const beatBytes = signalBytes / BEATS;

  streamBytes = 0;
  const cpu2 = process.cpuUsage();
  // Every 20th person leaves: each has GROUP - 1 peers still connected.
  for (const c of conns.filter((_, i) => i % 20 === 0)) hub.disconnect(c);
  now += PRESENCE_RULES.offlineGraceMs;
  relay.tick();
  await new Promise((r) => setTimeout(r, 500));
  const changeCpu = process.cpuUsage(cpu2);
  const us = (u: NodeJS.CpuUsage) => u.user + u.system;
  const rows = [
    ["people connected", USERS],
    ["signal bytes per beat (every 10 s), per person", (beatBytes / USERS).toFixed(1)],
    ["signal bytes per second, per person", (beatBytes / USERS / (PRESENCE_RULES.beatMs / 1000)).toFixed(2)],
    ["CPU per beat, per person (µs)", (us(beatCpu) / BEATS / USERS).toFixed(2)],
    ["CPU per second of beats, per 1000 people (ms)", ((us(beatCpu) / BEATS / USERS) * 1000 / 1000 / (PRESENCE_RULES.beatMs / 1000)).toFixed(3)],
    ["connect: presence frames per stream (snapshot + peers arriving), bytes", (connectBytes / USERS).toFixed(0)],
    ["connect: CPU per stream incl. hub baseline and snapshot (µs)", (us(connectCpu) / USERS).toFixed(0)],
    [`one person going offline: presence bytes to their ${GROUP - 1} peers' streams`, (streamBytes / (USERS / 20)).toFixed(0)],
    ["one person going offline: CPU incl. membership read (µs)", (us(changeCpu) / (USERS / 20)).toFixed(0)],
  ];
  console.log("\npresence cost\n" + rows.map(([k, v]) => `  ${String(k).padEnd(66)} ${v}`).join("\n"));
  relay.stop();
  hub.close();
  await store.close();
});
