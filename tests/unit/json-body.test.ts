import type { IncomingMessage } from "node:http";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { MAX_JSON_BYTES, readNodeJson, readNodeText } from "@/lib/http/json-body";

/** A request body as Node's server hands it over: a readable stream with headers. */
function request(headers: Record<string, string>) {
  const body = new PassThrough();
  return Object.assign(body, { headers }) as unknown as IncomingMessage & PassThrough;
}
const json = { "content-type": "application/json" };

describe("readNodeJson (the App Router's readJson rules on Node's request)", () => {
  it("parses a JSON body that arrives in pieces", async () => {
    const req = request(json);
    const read = readNodeJson(req);
    req.write('{"text":"hé');
    req.end('llo"}');
    expect(await read).toEqual({ text: "héllo" });
  });

  it("refuses a body that is not JSON by its type (415) before reading it", async () => {
    await expect(readNodeJson(request({ "content-type": "text/plain" }))).rejects.toMatchObject({ status: 415, code: "unsupported:content_type" });
    await expect(readNodeJson(request({}))).rejects.toMatchObject({ status: 415 });
  });

  it("answers 400 for malformed JSON and for an empty body", async () => {
    const bad = request(json);
    const a = readNodeJson(bad);
    bad.end("{nope");
    await expect(a).rejects.toMatchObject({ status: 400, code: "bad_request:input" });
    const empty = request(json);
    const b = readNodeJson(empty);
    empty.end();
    await expect(b).rejects.toMatchObject({ status: 400 });
  });

  it("refuses a declared length over the cap at once, reading nothing", async () => {
    const req = request({ ...json, "content-length": String(50 * 1024 * 1024) });
    await expect(readNodeJson(req)).rejects.toMatchObject({ status: 413, code: "too_large:body" });
    expect(req.readableFlowing).toBe(null); // untouched: the caller answers with Connection: close
  });

  it("refuses a chunked body once it passes the cap, and drops the rest as it arrives", async () => {
    const req = request(json);
    const read = readNodeText(req);
    const chunk = Buffer.alloc(8192, 120);
    let written = 0;
    while (written <= MAX_JSON_BYTES) {
      req.write(chunk);
      written += chunk.length;
    }
    await expect(read).rejects.toMatchObject({ status: 413 });
    expect(req.listenerCount("data")).toBe(0);
    expect(req.readableFlowing).toBe(true); // still read, into nowhere
    req.write(Buffer.alloc(1024 * 1024));
    await new Promise((r) => setImmediate(r));
    expect(req.readableLength).toBe(0);
    req.end();
  });

  it("accepts a body of exactly the cap", async () => {
    const req = request(json);
    const read = readNodeText(req);
    req.end(Buffer.alloc(MAX_JSON_BYTES, 97));
    expect((await read).length).toBe(MAX_JSON_BYTES);
  });

  it("turns a body cut off by the client into a 400, not an unexpected error", async () => {
    const req = request(json);
    const read = readNodeText(req);
    req.write("{");
    req.emit("aborted");
    await expect(read).rejects.toMatchObject({ status: 400 });
  });
});
