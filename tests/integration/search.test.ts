import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/api-client";
import type { AppHandle } from "../helpers/app-server";
import { appModes } from "../helpers/modes";

/**
 * GET /api/search over real HTTP in both modes (SQLite FTS5; the Mongo adapter on FerretDB, with
 * writes on one instance and searches on the other): matching, membership now, deletions, paging.
 */
const texts = (body: any) => body.results.map((r: any) => r.message.text);

describe.each(appModes("search"))("search: %s", (_mode, start) => {
  let apps: AppHandle[];
  /** Writes go to the first instance; b, the searcher, asks the last one. */
  const client = () => new ApiClient(apps[0].baseUrl);
  const reader = (c: ApiClient) => c.on(apps.at(-1)!.baseUrl);
  beforeAll(async () => {
    apps = await start();
  });
  afterAll(async () => {
    await Promise.all((apps ?? []).map((a) => a.stop()));
  });

  it("finds words and prefixes without case or accents, newest first, with the conversation and senders", async () => {
    const [a, b] = [client(), client()];
    const ua = await a.signUp("se-alice", undefined, "Alice");
    const ub = await b.signUp("se-bob");
    const g = (await a.post("/api/conversations", { type: "group", name: "Ops", memberIds: [ub.id] })).body.conversation;
    const dm = (await a.post("/api/conversations", { type: "direct", userId: ub.id })).body.conversation;
    await a.post(`/api/conversations/${g.id}/messages`, { text: "Déploiement du café ce soir" });
    await b.post(`/api/conversations/${dm.id}/messages`, { text: "the CAFE deploy is done" });
    await a.post(`/api/conversations/${g.id}/messages`, { text: "unrelated" });

    const res = await reader(b).get("/api/search?q=cafe");
    expect(res.status).toBe(200);
    expect(texts(res.body)).toEqual(["the CAFE deploy is done", "Déploiement du café ce soir"]);
    expect(res.body.results[1].conversation).toEqual({ id: g.id, type: "group", name: "Ops" });
    expect(res.body.results[0].conversation).toEqual({ id: dm.id, type: "direct", name: null });
    expect(res.body.senders.map((u: any) => u.id).sort()).toEqual([ua.id, ub.id].sort());
    expect(res.body.terms).toEqual(["cafe"]);
    expect(res.body.nextCursor).toBeNull();
    expect(texts((await reader(b).get("/api/search?q=DEPLO%20caf")).body)).toEqual(["the CAFE deploy is done", "Déploiement du café ce soir"]);
    expect(texts((await reader(b).get(`/api/search?q=cafe&conversationId=${g.id}`)).body)).toEqual(["Déploiement du café ce soir"]);
  });

  it("searches only conversations I am a member of now, and never a deleted message's text", async () => {
    const [a, b, c] = [client(), client(), client()];
    await a.signUp("se2-alice");
    const ub = await b.signUp("se2-bob");
    await c.signUp("se2-carol");
    const g = (await a.post("/api/conversations", { type: "group", name: "Secret", memberIds: [ub.id] })).body.conversation;
    const m = (await a.post(`/api/conversations/${g.id}/messages`, { text: "zebra crossing plans" })).body.message;
    await a.post(`/api/conversations/${g.id}/messages`, { text: "zebra stripes" });
    expect(texts((await reader(c).get("/api/search?q=zebra")).body)).toEqual([]);
    expect(texts((await reader(b).get("/api/search?q=zebra")).body)).toHaveLength(2);
    await a.del(`/api/messages/${m.id}`);
    expect(texts((await reader(b).get("/api/search?q=crossing")).body)).toEqual([]);
    await a.patch(`/api/messages/${(await a.get(`/api/conversations/${g.id}/messages`)).body.messages.find((x: any) => x.text === "zebra stripes").id}`, { text: "lion stripes" });
    expect(texts((await reader(b).get("/api/search?q=zebra")).body)).toEqual([]);
    expect(texts((await reader(b).get("/api/search?q=lion")).body)).toEqual(["lion stripes"]);
    await b.del(`/api/conversations/${g.id}/members/${ub.id}`); // bob leaves
    expect(texts((await reader(b).get("/api/search?q=lion")).body)).toEqual([]);
    expect((await reader(b).get(`/api/search?q=lion&conversationId=${g.id}`)).status).toBe(404);
  });

  it("pages with nextCursor", async () => {
    const a = client();
    await a.signUp("se3-alice");
    const g = (await a.post("/api/conversations", { type: "group", name: "Pages", memberIds: [] })).body.conversation;
    for (let i = 1; i <= 5; i++) await a.post(`/api/conversations/${g.id}/messages`, { text: `page marker ${i}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await a.get(`/api/search?q=marker&limit=2${cursor ? `&before=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      seen.push(...texts(res.body));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["page marker 5", "page marker 4", "page marker 3", "page marker 2", "page marker 1"]);
  });
});
