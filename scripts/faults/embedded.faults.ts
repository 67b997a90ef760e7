import { afterAll, describe, expect, it } from "vitest";
import { ApiClient } from "../../tests/helpers/api-client";
import { startApp, type AppHandle } from "../../tests/helpers/app-server";
import { fillDisk, integrityCheck, mountTmpfs, type Mount } from "../../tests/helpers/faults";
import { ResumingListener } from "../../tests/helpers/listener";
import { burst, sleep, until, type BurstResult } from "./burst";
import path from "node:path";

/** Embedded mode (SQLite, in-process bus): the app killed mid-burst and mid-stream; the disk filling up. */
const apps: AppHandle[] = [];
const mounts: Mount[] = [];
afterAll(async () => {
  await Promise.all(apps.map((a) => a.stop()));
  mounts.forEach((m) => m.unmount());
});

async function room(app: AppHandle, tag: string) {
  const alice = new ApiClient(app.baseUrl);
  const bob = new ApiClient(app.baseUrl);
  await alice.signUp(`${tag}-alice-${Date.now()}`);
  await bob.signUp(`${tag}-bob-${Date.now()}`);
  const g = (await alice.post("/api/conversations", { type: "group", name: tag, memberIds: [bob.user!.id] })).body.conversation;
  return { alice, bob, g };
}

function expectNothingLost(r: BurstResult) {
  expect(r.acknowledged).toBe(r.messages);
  expect(r.persisted).toBe(r.acknowledged);
  expect(r.duplicatedInStore).toBe(0);
  for (const d of r.delivered) expect(d).toBe(r.acknowledged);
  for (const d of r.deliveredDuplicates) expect(d).toBe(0);
}

describe("embedded mode", () => {
  it("kill -9 of the app mid-burst, twice, with listeners mid-stream", async () => {
    const app = await startApp({ name: "faults-kill" });
    apps.push(app);
    const { alice, bob, g } = await room(app, "kill");
    const result = await burst({
      scenario: "app kill -9 (SQLite) x2",
      senders: [alice],
      reader: alice,
      listeners: [new ResumingListener(alice), new ResumingListener(bob)],
      conversationId: g.id,
      n: 300,
      fault: async (acked) => {
        for (const at of [80, 200]) {
          await until(() => acked() >= at);
          await app.kill();
          await app.restart();
        }
      },
    });
    expectNothingLost(result);
    expect(app.output()).not.toMatch(/unexpected error/);
  });

  it("two instances on one SQLite file, sending at once (no fault: lock contention only)", async () => {
    const first = await startApp({ name: "faults-shared-1" });
    apps.push(first);
    const second = await startApp({ name: "faults-shared-2", dataDir: first.dataDir });
    apps.push(second);
    const { alice, bob, g } = await room(first, "shared");
    const result = await burst({
      scenario: "two instances on one SQLite file",
      senders: [alice, alice.on(second.baseUrl)],
      reader: alice,
      // Each instance has its own in-process bus: the second instance's listener sees the first's
      // messages through its periodic sweep of the store (SSE_SWEEP_MS), not live.
      listeners: [new ResumingListener(alice), new ResumingListener(bob.on(second.baseUrl))],
      conversationId: g.id,
      n: 600,
      fault: async () => {},
    });
    expectNothingLost(result);
    expect(Object.keys(result.statuses)).toEqual(["201"]); // every send waited for the lock, none failed
  });

  it("the disk fills up mid-burst and is freed 3 s later", async () => {
    const disk = mountTmpfs({ sizeKb: 8192, prefix: "chat-faults-full-" });
    mounts.push(disk);
    const app = await startApp({ name: "faults-full", dataDir: disk.dir });
    apps.push(app);
    const { alice, bob, g } = await room(app, "full");
    const result = await burst({
      scenario: "disk full (SQLite on tmpfs)",
      senders: [alice],
      reader: alice,
      listeners: [new ResumingListener(alice), new ResumingListener(bob)],
      conversationId: g.id,
      n: 300,
      fault: async (acked) => {
        await until(() => acked() >= 60);
        const free = fillDisk(disk.dir, 64);
        await sleep(3_000);
        free();
      },
    });
    expectNothingLost(result);
    expect(result.statuses["503 unavailable:store"] ?? 0).toBeGreaterThan(0);
    expect(integrityCheck(path.join(disk.dir, "chat.db"))).toBe("ok");
    expect(app.output()).not.toMatch(/unexpected error/);
  });
});
