import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { MongoClient } from "mongodb";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/api-client";
import { startApp, type AppHandle } from "../helpers/app-server";
import { KAFKA_BROKERS, MONGO_BASE, requireServices } from "../helpers/services";
import { upload } from "../helpers/uploads";

/**
 * Attachments in the scale-out mode, over real HTTP: two `next start` instances on FerretDB and
 * Kafka. Files live in MongoDB (GridFS bucket `attachments`, thumbnails in `attachment_thumbs`),
 * not on an instance's disk, so whatever one instance stored every other serves. The database is
 * read directly to prove where the bytes are and that a deletion leaves nothing behind.
 */
const run = randomBytes(4).toString("hex");
const dbName = `chat_files_${run}`;
const env = {
  DATABASE_URL: `${MONGO_BASE}/${dbName}`,
  KAFKA_BROKERS,
  KAFKA_TOPIC: `chat-files-${run}`,
  KAFKA_CLIENT_ID: "chat-test",
  NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
};

let app1: AppHandle, app2: AppHandle;
let mongo: MongoClient;
let alice1: ApiClient, bob2: ApiClient, mallory2: ApiClient;
let group: { id: string };
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const db = () => mongo.db(dbName);

async function get(c: ApiClient, p: string, headers: Record<string, string> = {}) {
  const res = await fetch(c.baseUrl + p, { headers: { cookie: c.cookieHeader(), ...headers } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** Nothing under either instance's data dir names the file: the bytes are not on local disk. */
function onLocalDisk(id: string): string[] {
  const hits: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
      if (e.isDirectory()) walk(path.join(dir, e.name));
      else if (e.name.startsWith(id)) hits.push(path.join(dir, e.name));
    }
  };
  walk(app1.dataDir);
  walk(app2.dataDir);
  return hits;
}

beforeAll(async () => {
  await requireServices();
  [app1, app2] = await Promise.all([
    startApp({ name: "files1", env: { ...env, INSTANCE_ID: `files1-${run}` } }),
    startApp({ name: "files2", env: { ...env, INSTANCE_ID: `files2-${run}` } }),
  ]);
  mongo = await MongoClient.connect(MONGO_BASE);
  const alice = new ApiClient(app1.baseUrl);
  const bob = new ApiClient(app1.baseUrl);
  const mallory = new ApiClient(app1.baseUrl);
  await alice.signUp(`fs-alice-${run}`);
  const bobId = (await bob.signUp(`fs-bob-${run}`)).id;
  await mallory.signUp(`fs-mallory-${run}`);
  group = (await alice.post("/api/conversations", { type: "group", name: "Shared files", memberIds: [bobId] })).body.conversation;
  alice1 = alice;
  bob2 = bob.on(app2.baseUrl);
  mallory2 = mallory.on(app2.baseUrl);
});
afterAll(async () => {
  await Promise.all([app1?.stop(), app2?.stop()]);
  await mongo?.db(dbName).dropDatabase().catch(() => {});
  await mongo?.close();
});

describe("attachments across two instances (FerretDB + Kafka)", () => {
  it("an image uploaded and sent on one instance arrives live on the other, which serves it, its ranges and its thumbnail", async () => {
    const stream = await bob2.openStream();
    await stream.waitForReady(15_000);
    const png = await sharp({ create: { width: 900, height: 600, channels: 3, background: "#cc6633" } }).png().toBuffer();
    const image = (await upload(alice1, "across.png", png)).body.attachment;
    expect(image).toMatchObject({ contentType: "image/png", width: 900, height: 600, size: png.length });
    const sent = await alice1.post(`/api/conversations/${group.id}/messages`, { text: "from app1", attachmentIds: [image.id] });
    expect(sent.status).toBe(201);

    await stream.waitFor((evs) => evs.some((e) => e.event === "message.created" && e.data.message.id === sent.body.message.id), 15_000, "the message on app2");
    const live = stream.events.find((e) => e.event === "message.created" && e.data.message.id === sent.body.message.id)!;
    expect(live.data.message.attachments).toEqual([image]);
    stream.close();

    const whole = await get(bob2, `/api/attachments/${image.id}`);
    expect(whole.status).toBe(200);
    expect(sha(whole.bytes)).toBe(sha(png));
    expect(whole.headers.get("content-length")).toBe(String(png.length));
    const part = await get(bob2, `/api/attachments/${image.id}`, { range: "bytes=10-29" });
    expect(part.status).toBe(206);
    expect(part.bytes.equals(png.subarray(10, 30))).toBe(true);
    const thumb = await get(bob2, `/api/attachments/${image.id}/thumbnail`);
    expect(thumb.status).toBe(200);
    const meta = await sharp(thumb.bytes).metadata();
    expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(320);

    // Where the bytes are: MongoDB, not either instance's disk.
    expect(await db().collection("attachments.files").countDocuments({ _id: image.id as never })).toBe(1);
    expect(await db().collection("attachments.chunks").countDocuments({ files_id: image.id as never })).toBeGreaterThan(0);
    expect(await db().collection("attachment_thumbs").countDocuments({ _id: image.id as never })).toBe(1);
    expect(onLocalDisk(image.id)).toEqual([]);
    expect((await mallory2.get(`/api/attachments/${image.id}`)).status).toBe(404);
  });

  it("a 12 MB file uploaded on the second instance downloads intact from the first; deleting it there removes it from MongoDB", async () => {
    const big = randomBytes(12 * 1024 * 1024);
    const bob1 = bob2.on(app1.baseUrl);
    const file = (await upload(bob2, "big.bin", big)).body.attachment;
    expect(file.size).toBe(big.length);
    const msg = (await bob2.post(`/api/conversations/${group.id}/messages`, { attachmentIds: [file.id], clientId: `big-${run}` })).body.message;
    const back = await get(alice1, `/api/attachments/${file.id}`);
    expect(back.status).toBe(200);
    expect(back.headers.get("content-length")).toBe(String(big.length));
    expect(sha(back.bytes)).toBe(sha(big));

    expect((await bob1.del(`/api/messages/${msg.id}`)).status).toBe(200);
    expect(await db().collection("attachments.files").countDocuments({ _id: file.id as never })).toBe(0);
    expect(await db().collection("attachments.chunks").countDocuments({ files_id: file.id as never })).toBe(0);
    for (const c of [alice1, bob2]) expect((await c.get(`/api/attachments/${file.id}`)).status).toBe(404);
  });
});
