import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/api-client";
import { startApp, type AppHandle } from "../helpers/app-server";
import { lateBodyUpload, multipart, oversizedUpload, upload, uploadNamed } from "../helpers/uploads";

/**
 * Attachments in the embedded mode, over real HTTP: upload (streamed, typed from the bytes),
 * attach on send, download with ranges and safe headers, thumbnails, deletion down to the disk,
 * and the sweep. The storage is read directly ($DATA_DIR/files) to prove what is (not) kept.
 */

let app: AppHandle;
let alice: ApiClient, bob: ApiClient, mallory: ApiClient;
const ids = {} as Record<"alice" | "bob" | "mallory", string>;
let group: { id: string };
let png: Buffer;

const filesDir = () => path.join(app.dataDir, "files");
/** Stored blobs (and thumbnails), temp files excluded. */
const stored = () => fs.readdirSync(filesDir()).filter((n) => n !== "tmp");
const tmpFiles = () => fs.readdirSync(path.join(filesDir(), "tmp"));
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const PDF = Buffer.concat([Buffer.from("%PDF-1.4\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"), randomBytes(5000), Buffer.from("\n%%EOF\n")]);

async function raw(c: ApiClient, p: string, headers: Record<string, string> = {}) {
  const res = await fetch(app.baseUrl + p, { headers: { cookie: c.cookieHeader(), ...headers } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

async function send(c: ApiClient, attachmentIds: string[], text?: string) {
  return c.post(`/api/conversations/${group.id}/messages`, { ...(text === undefined ? {} : { text }), attachmentIds });
}

beforeAll(async () => {
  app = await startApp({ name: "attachments" });
  [alice, bob, mallory] = [new ApiClient(app.baseUrl), new ApiClient(app.baseUrl), new ApiClient(app.baseUrl)];
  ids.alice = (await alice.signUp("att-alice")).id;
  ids.bob = (await bob.signUp("att-bob")).id;
  ids.mallory = (await mallory.signUp("att-mallory")).id;
  group = (await alice.post("/api/conversations", { type: "group", name: "Files", memberIds: [ids.bob] })).body.conversation;
  png = await sharp({ create: { width: 1200, height: 800, channels: 3, background: "#3366cc" } }).png().toBuffer();
});
afterAll(async () => app?.stop());

describe("upload, send, download", () => {
  it("stores an image, measures it and returns an unguessable id", async () => {
    const res = await upload(alice, "screenshot.png", png, "image/png");
    expect(res.status).toBe(201);
    expect(res.body.attachment).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      name: "screenshot.png",
      size: png.length,
      contentType: "image/png",
      width: 1200,
      height: 800,
    });
    expect(stored()).toContain(res.body.attachment.id);
  });

  it("sends a message with only attachments; every member downloads the same bytes with safe headers", async () => {
    const image = (await upload(alice, "photo.png", png)).body.attachment;
    const pdf = (await upload(alice, "plan.pdf", PDF)).body.attachment;
    expect(pdf.contentType).toBe("application/pdf");
    // Before sending, only the uploader can read it.
    expect((await raw(alice, `/api/attachments/${pdf.id}`)).status).toBe(200);
    expect((await raw(bob, `/api/attachments/${pdf.id}`)).status).toBe(404);

    const sent = await send(alice, [image.id, pdf.id]);
    expect(sent.status).toBe(201);
    expect(sent.body.message).toMatchObject({ text: "", attachments: [image, pdf] });
    const history = await bob.get(`/api/conversations/${group.id}/messages`);
    expect(history.body.messages[0].attachments).toEqual([image, pdf]);

    const img = await raw(bob, `/api/attachments/${image.id}`);
    expect(img.status).toBe(200);
    expect(sha(img.bytes)).toBe(sha(png));
    expect(img.headers.get("content-type")).toBe("image/png");
    // Served from a Pages Router route on Node's response, so Content-Length survives (docs/decisions.md).
    expect(img.headers.get("content-length")).toBe(String(png.length));
    expect(img.headers.get("x-file-size")).toBe(String(png.length));
    expect(img.headers.get("content-disposition")).toBe(`inline; filename="photo.png"; filename*=UTF-8''photo.png`);
    expect(img.headers.get("cache-control")).toMatch(/^private/);
    expect(img.headers.get("x-content-type-options")).toBe("nosniff");
    expect(img.headers.get("content-security-policy")).toMatch(/default-src 'none'.*sandbox/);
    expect(img.headers.get("etag")).toBe(`"${image.id}"`);

    const doc = await raw(bob, `/api/attachments/${pdf.id}`);
    expect(doc.headers.get("content-disposition")).toMatch(/^attachment; filename="plan.pdf"/);
    expect(doc.headers.get("content-type")).toBe("application/pdf");
    expect(sha(doc.bytes)).toBe(sha(PDF));
  });

  it("serves byte ranges (206), refuses unsatisfiable ones (416) and answers 304 to a matching ETag", async () => {
    const file = (await upload(alice, "data.bin", PDF)).body.attachment;
    await send(alice, [file.id], "ranges");
    const part = await raw(bob, `/api/attachments/${file.id}`, { range: "bytes=100-199" });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 100-199/${PDF.length}`);
    expect(part.bytes.length).toBe(100);
    expect(part.headers.get("content-length")).toBe("100");
    expect(part.bytes.equals(PDF.subarray(100, 200))).toBe(true);
    const suffix = await raw(bob, `/api/attachments/${file.id}`, { range: "bytes=-10" });
    expect(suffix.bytes.equals(PDF.subarray(PDF.length - 10))).toBe(true);
    const open = await raw(bob, `/api/attachments/${file.id}`, { range: `bytes=${PDF.length - 5}-` });
    expect(open.bytes.equals(PDF.subarray(PDF.length - 5))).toBe(true);
    const beyond = await raw(bob, `/api/attachments/${file.id}`, { range: `bytes=${PDF.length}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get("content-range")).toBe(`bytes */${PDF.length}`);
    const stale = await raw(bob, `/api/attachments/${file.id}`, { range: "bytes=0-9", "if-range": '"other"' });
    expect(stale.status).toBe(200);
    const cached = await raw(bob, `/api/attachments/${file.id}`, { "if-none-match": `"${file.id}"` });
    expect(cached.status).toBe(304);
    expect(cached.bytes.length).toBe(0);
  });

  it("answers HEAD with the length and no body, other methods with 405, a cross-site upload with 403", async () => {
    const file = (await upload(alice, "head.bin", PDF)).body.attachment;
    const head = await fetch(`${app.baseUrl}/api/attachments/${file.id}`, { method: "HEAD", headers: { cookie: alice.cookieHeader() } });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(PDF.length));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
    for (const [method, p] of [["DELETE", `/api/attachments/${file.id}`], ["PUT", "/api/uploads"], ["GET", "/api/uploads"]] as const) {
      const res = await alice.request(method, p);
      expect(res.status).toBe(405);
      expect(res.body.error.code).toBe("bad_request:method");
    }
    const before = stored();
    const form = new FormData();
    form.append("file", new Blob(["x"]), "x.txt");
    const foreign = await fetch(`${app.baseUrl}/api/uploads`, { method: "POST", body: form, headers: { cookie: alice.cookieHeader(), origin: "http://evil.example" } });
    expect(foreign.status).toBe(403);
    expect((await foreign.json()).error.code).toBe("forbidden:origin");
    expect(stored()).toEqual(before);
  });

  it("reads a small refused upload to the end before answering, so a slow client gets the answer and not a broken pipe", async () => {
    const before = stored();
    const refusals: { headers: Record<string, string>; status: number }[] = [
      { headers: { cookie: alice.cookieHeader(), origin: "http://evil.example" }, status: 403 },
      { headers: { origin: app.baseUrl }, status: 401 },
    ];
    for (const { headers, status } of refusals) {
      const late = await lateBodyUpload(alice, headers, 300);
      expect(late).toMatchObject({ status, writeError: null });
      expect(late.connection).not.toBe("close");
      expect(late.answeredAfterMs).toBeGreaterThanOrEqual(250); // after the body, not before it
    }
    expect(stored()).toEqual(before);
  });

  it("makes a bounded thumbnail once, kept in storage, and none for other files", async () => {
    const image = (await upload(alice, "big.png", png)).body.attachment;
    await send(alice, [image.id], "look");
    expect(stored()).toContain(`${image.id}.thumb`);
    const thumb = await raw(bob, `/api/attachments/${image.id}/thumbnail`);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get("content-type")).toBe("image/webp");
    expect(thumb.headers.get("x-content-type-options")).toBe("nosniff");
    const meta = await sharp(thumb.bytes).metadata();
    expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(320);
    expect(meta.width! / meta.height!).toBeCloseTo(1.5, 1);
    const again = await raw(bob, `/api/attachments/${image.id}/thumbnail`);
    expect(sha(again.bytes)).toBe(sha(thumb.bytes));

    const pdf = (await upload(alice, "doc.pdf", PDF)).body.attachment;
    const none = await bob.get(`/api/attachments/${pdf.id}/thumbnail`);
    expect(none.status).toBe(404);
  });

  it("streams a file larger than Next.js's 10 MB proxy buffer intact", async () => {
    const big = randomBytes(12 * 1024 * 1024);
    const res = await upload(alice, "big.bin", big);
    expect(res.status).toBe(201);
    expect(res.body.attachment.size).toBe(big.length);
    const back = await raw(alice, `/api/attachments/${res.body.attachment.id}`);
    expect(sha(back.bytes)).toBe(sha(big));
  });
});

describe("bad uploads", () => {
  it("cuts an oversized upload off with 413, without reading the rest, and stores nothing", async () => {
    const before = stored();
    const result = await oversizedUpload(alice, 400 * 1024 * 1024);
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body).error.code).toBe("too_large:file");
    // The limit is 25 MiB; the answer came long before 400 MiB were sent, and the server took
    // (next to) nothing after answering: it stopped reading instead of draining the body.
    expect(result.sentBeforeAnswer).toBeLessThan(60 * 1024 * 1024);
    expect(result.sentAfterAnswer).toBeLessThan(16 * 1024 * 1024);
    // Cut: the server closes the connection after its answer (Connection: close), neither
    // draining the rest nor leaving the socket open and stalled.
    expect(result.after).toMatch(/^(EPIPE|ECONNRESET)$/);
    expect(stored()).toEqual(before);
    expect(tmpFiles()).toEqual([]);
    // Cut off without a stray exception (the App Router version logged one per oversized upload).
    expect(app.output()).not.toMatch(/uncaught|ERR_INVALID_STATE|unexpected error/i);
  });

  it("refuses a declared Content-Length over the limit before reading anything", async () => {
    const res = await fetch(`${app.baseUrl}/api/uploads`, {
      method: "POST",
      headers: { cookie: alice.cookieHeader(), origin: app.baseUrl, "content-type": "multipart/form-data; boundary=x", "content-length": String(200 * 1024 * 1024) },
      body: "--x\r\n",
    }).catch((err: Error) => err);
    // Either the 413 arrives, or the server closes the connection on the short body: never a 2xx.
    if (res instanceof Response) expect(res.status).toBe(413);
  });

  it.each([
    ["an empty file", () => upload(alice, "empty.txt", new Uint8Array(0)), 400],
    ["no file field", () => { const f = new FormData(); f.append("note", "hi"); return multipart(alice, f); }, 400],
    ["the file under another field name", () => { const f = new FormData(); f.append("upload", new Blob(["x"]), "a.txt"); return multipart(alice, f); }, 400],
    ["two files in one upload", () => { const f = new FormData(); f.append("file", new Blob(["one"]), "1.txt"); f.append("file", new Blob(["two"]), "2.txt"); return multipart(alice, f); }, 400],
    ["a JSON body", () => alice.post("/api/uploads", { file: "x" }), 400],
    ["a multipart type without a body", () => alice.request("POST", "/api/uploads", "", { "content-type": "multipart/form-data; boundary=zz" }), 400],
    ["multipart without a boundary", () => alice.request("POST", "/api/uploads", "garbage", { "content-type": "multipart/form-data" }), 400],
  ] as const)("refuses %s with a 4xx and stores nothing", async (_label, run, status) => {
    const before = stored();
    const res = await run();
    expect(res.status).toBe(status);
    expect(res.body.error.code).toMatch(/^bad_request:/);
    expect(res.body.error.message.length).toBeGreaterThan(0);
    expect(stored()).toEqual(before);
  });

  it("refuses uploads from someone signed out", async () => {
    const res = await upload(new ApiClient(app.baseUrl), "a.txt", Buffer.from("hi"));
    expect(res.status).toBe(401);
  });

  it.each([
    ["a .png that is really HTML", "evil.png", "<!doctype html><html><script>alert(document.cookie)</script></html>"],
    ["a .png that is really SVG", "evil.png", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'],
    ["an .html file", "page.html", "<html><body>hi</body></html>"],
  ])("serves %s as a download, never inline", async (_label, name, content) => {
    const res = await upload(alice, name, Buffer.from(content), "image/png");
    expect(res.status).toBe(201);
    expect(res.body.attachment.contentType).toBe("text/plain");
    await send(alice, [res.body.attachment.id], "careful");
    const got = await raw(bob, `/api/attachments/${res.body.attachment.id}`);
    expect(got.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(got.headers.get("content-type")).not.toMatch(/html|svg|image/);
    expect(got.headers.get("x-content-type-options")).toBe("nosniff");
    expect(got.headers.get("content-security-policy")).toContain("sandbox");
    expect((await bob.get(`/api/attachments/${res.body.attachment.id}/thumbnail`)).status).toBe(404);
  });

  it.each([
    ["path separators", "../../etc/passwd", "passwd"],
    ["Windows separators", "C:\\Users\\x\\report.pdf", "report.pdf"],
    ["control characters and a bidi override", "in\u0000voice\u001b\u202egnp.exe", "invoicegnp.exe"],
    ["leading dots", "...hidden", "hidden"],
    ["nothing left", "/\u0000/", "file"],
  ])("sanitizes a file name with %s", async (_label, name, expected) => {
    const res = await uploadNamed(alice, name, Buffer.from("content"));
    expect(res.status).toBe(201);
    expect(res.body.attachment.name).toBe(expected);
  });

  it("shortens a 1,000-character name and keeps its extension", async () => {
    const res = await upload(alice, `${"n".repeat(996)}.txt`, Buffer.from("content"));
    expect(res.body.attachment.name).toHaveLength(200);
    expect(res.body.attachment.name.endsWith(".txt")).toBe(true);
    const got = await raw(alice, `/api/attachments/${res.body.attachment.id}`);
    expect(got.headers.get("content-disposition")).toContain(".txt");
  });

  it("keeps a non-ASCII name exactly (RFC 6266 filename*)", async () => {
    const res = await upload(alice, "Präsentation – 2026 ✓.pdf", PDF);
    expect(res.body.attachment.name).toBe("Präsentation – 2026 ✓.pdf");
    const got = await raw(alice, `/api/attachments/${res.body.attachment.id}`);
    expect(got.headers.get("content-disposition")).toContain(`filename*=UTF-8''${encodeURIComponent("Präsentation – 2026 ✓.pdf")}`);
  });
});

describe("attaching", () => {
  const fresh = async (c: ApiClient = alice) => (await upload(c, "f.txt", randomBytes(64))).body.attachment.id as string;

  it("refuses more files than the limit (10), someone else's upload, an unknown id, one listed twice", async () => {
    const eleven = await Promise.all(Array.from({ length: 11 }, () => fresh()));
    const tooMany = await send(alice, eleven);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toMatch(/at most 10/);
    expect((await send(alice, eleven.slice(0, 10))).status).toBe(201);

    const bobs = await fresh(bob);
    const mine = await fresh();
    const stolen = await send(alice, [mine, bobs]);
    expect({ status: stolen.status, code: stolen.body.error.code }).toEqual({ status: 404, code: "not_found:attachment" });
    expect((await send(alice, ["unknownUpload000000000"])).status).toBe(404);
    const twice = await send(alice, [mine, mine]);
    expect(twice.status).toBe(400);
    // None of the refused sends attached anything: the upload is still free to use.
    expect((await send(alice, [mine], "now")).status).toBe(201);
  });

  it("attaches an upload once: a second message cannot take it, a retry with the same clientId is the same message", async () => {
    const id = await fresh();
    const first = await alice.post(`/api/conversations/${group.id}/messages`, { attachmentIds: [id], clientId: "retry-1" });
    expect(first.status).toBe(201);
    const retry = await alice.post(`/api/conversations/${group.id}/messages`, { attachmentIds: [id], clientId: "retry-1" });
    expect(retry.status).toBe(200);
    expect(retry.body.message.id).toBe(first.body.message.id);
    const again = await send(alice, [id], "again");
    expect({ status: again.status, code: again.body.error.code }).toEqual({ status: 409, code: "conflict:attachment" });
  });

  it("refuses a message with neither text nor attachments", async () => {
    expect((await alice.post(`/api/conversations/${group.id}/messages`, { attachmentIds: [] })).status).toBe(400);
  });
});

describe("who can download", () => {
  it("404 for a non-member and for an unknown id, 401 signed out, 404 once removed from the group", async () => {
    const carol = new ApiClient(app.baseUrl);
    const carolId = (await carol.signUp("att-carol")).id;
    await alice.post(`/api/conversations/${group.id}/members`, { userId: carolId });
    const file = (await upload(alice, "secret.pdf", PDF)).body.attachment;
    await send(alice, [file.id], "members only");
    for (const p of [`/api/attachments/${file.id}`, `/api/attachments/${file.id}/thumbnail`]) {
      expect((await mallory.get(p)).body.error.code).toBe("not_found:attachment");
      expect((await new ApiClient(app.baseUrl).get(p)).status).toBe(401);
    }
    expect((await mallory.get("/api/attachments/unknownUpload000000000")).status).toBe(404);
    expect((await raw(carol, `/api/attachments/${file.id}`)).status).toBe(200);
    expect((await alice.del(`/api/conversations/${group.id}/members/${carolId}`)).status).toBe(200);
    expect((await carol.get(`/api/attachments/${file.id}`)).status).toBe(404);
  });
});

describe("deleting", () => {
  it("deleting a message deletes its files from storage", async () => {
    const image = (await upload(alice, "gone.png", png)).body.attachment;
    const pdf = (await upload(alice, "gone.pdf", PDF)).body.attachment;
    const message = (await send(alice, [image.id, pdf.id], "short-lived")).body.message;
    expect(stored()).toEqual(expect.arrayContaining([image.id, `${image.id}.thumb`, pdf.id]));
    const res = await alice.del(`/api/messages/${message.id}`);
    expect(res.status).toBe(200);
    expect(res.body.message.attachments).toEqual([]);
    expect(stored().filter((n) => n.startsWith(image.id) || n.startsWith(pdf.id))).toEqual([]);
    expect((await alice.get(`/api/attachments/${image.id}`)).status).toBe(404);
    expect((await bob.get(`/api/attachments/${pdf.id}`)).status).toBe(404);
    const history = await bob.get(`/api/conversations/${group.id}/messages`);
    expect(history.body.messages.find((m: { id: string }) => m.id === message.id).attachments).toEqual([]);
  });
});

describe("the sweep", () => {
  it("removes uploads never attached once they are older than the TTL, and keeps attached ones", async () => {
    const swept = await startApp({ name: "attachments-sweep", env: { UPLOAD_UNATTACHED_TTL_MS: "1500", UPLOAD_SWEEP_MS: "1000" } });
    try {
      const c = new ApiClient(swept.baseUrl);
      await c.signUp("sweep-alice");
      const g = (await c.post("/api/conversations", { type: "group", name: "S", memberIds: [] })).body.conversation;
      const kept = (await upload(c, "kept.txt", Buffer.from("kept"))).body.attachment;
      await c.post(`/api/conversations/${g.id}/messages`, { attachmentIds: [kept.id] });
      const dropped = (await upload(c, "dropped.txt", Buffer.from("dropped"))).body.attachment;
      const dir = path.join(swept.dataDir, "files");
      expect(fs.readdirSync(dir)).toContain(dropped.id);
      const deadline = Date.now() + 15_000;
      while (fs.readdirSync(dir).includes(dropped.id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
      expect(fs.readdirSync(dir)).not.toContain(dropped.id);
      expect(fs.readdirSync(dir)).toContain(kept.id);
      expect((await c.get(`/api/attachments/${dropped.id}`)).status).toBe(404);
      expect((await c.get(`/api/attachments/${kept.id}`)).status).toBe(200);
    } finally {
      await swept.stop();
    }
  });
});

describe("configuration", () => {
  it("refuses to start with a bad limit, naming the variable", async () => {
    const bad = await startApp({ name: "attachments-badenv", env: { UPLOAD_MAX_BYTES: "lots" } }).then(
      async (a) => {
        await a.stop();
        return a.output();
      },
      (err: Error) => err.message,
    );
    expect(bad).toMatch(/UPLOAD_MAX_BYTES/);
  });
});
