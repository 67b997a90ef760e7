import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/api-client";
import type { AppHandle } from "../helpers/app-server";
import { appModes } from "../helpers/modes";

/**
 * Public channels over real HTTP in both modes: create, list, join (live, with the timeline
 * entry), switch back. In scale-out the changes go to one instance and the streams to the other.
 */
describe.each(appModes("channels"))("public channels: %s", (_mode, start) => {
  let apps: AppHandle[];
  const client = () => new ApiClient(apps[0].baseUrl);
  const elsewhere = (c: ApiClient) => c.on(apps.at(-1)!.baseUrl);
  beforeAll(async () => {
    apps = await start();
  });
  afterAll(async () => {
    await Promise.all((apps ?? []).map((a) => a.stop()));
  });

  it("lists public groups with member counts, joins one live, and hides it again once private", async () => {
    const [a, b, c] = [client(), client(), client()];
    await a.signUp("ch-alice");
    const ub = await b.signUp("ch-bob");
    const uc = await c.signUp("ch-carol");
    const pub = (await a.post("/api/conversations", { type: "group", name: "Release train", memberIds: [ub.id], visibility: "public" })).body.conversation;
    expect(pub.visibility).toBe("public");
    await a.post("/api/conversations", { type: "group", name: "Release secrets", memberIds: [] });
    await a.post(`/api/conversations/${pub.id}/messages`, { text: "history before carol" });

    const listed = await c.get("/api/channels?q=release");
    expect(listed.status).toBe(200);
    expect(listed.body.channels).toEqual([
      { id: pub.id, name: "Release train", visibility: "public", memberCount: 2, createdAt: pub.createdAt, joined: false },
    ]);

    const sb = await elsewhere(b).openStream();
    const sc = await elsewhere(c).openStream();
    await Promise.all([sb.waitForReady(), sc.waitForReady()]);
    const joined = await c.post(`/api/conversations/${pub.id}/join`);
    expect(joined.status).toBe(201);
    expect(joined.body.conversation.members.map((m: { userId: string }) => m.userId)).toContain(uc.id);
    expect((await c.post(`/api/conversations/${pub.id}/join`)).status).toBe(200); // already a member

    // Bob sees carol join live, as a change; carol's own stream gets the conversation once.
    await sb.waitFor((es) => es.some((e) => e.event === "member.added" && e.data.userId === uc.id));
    await sc.waitFor((es) => es.some((e) => e.event === "member.added" && e.data.userId === uc.id));
    const forB = sb.chatEvents().find((e) => e.type === "member.added")!;
    expect(forB).toMatchObject({ actorId: uc.id, userId: uc.id, member: { userId: uc.id, role: "member" } });
    expect(forB).not.toHaveProperty("conversation");
    expect(sc.chatEvents().find((e) => e.type === "member.added")).toMatchObject({ conversation: { id: pub.id, visibility: "public" } });

    // Carol reads the history from before she joined, and the timeline says she joined.
    const history = (await c.get(`/api/conversations/${pub.id}/messages`)).body.messages;
    expect(history[0]).toMatchObject({ kind: "system", action: "joined", userId: uc.id, actorId: uc.id });
    expect(history.some((m: { text?: string }) => m.text === "history before carol")).toBe(true);
    expect((await c.get("/api/channels?q=release")).body.channels[0]).toMatchObject({ memberCount: 3, joined: true });
    // Joining is reading from now on: the older history is not unread; what comes next is.
    const carolsView = async () => (await elsewhere(c).get("/api/conversations")).body.conversations.find((x: { id: string }) => x.id === pub.id);
    expect(await carolsView()).toMatchObject({ unreadCount: 0 });
    await a.post(`/api/conversations/${pub.id}/messages`, { text: "after carol joined" });
    expect(await carolsView()).toMatchObject({ unreadCount: 1 });

    // Made private: gone from the directory, a visibility entry live for members.
    expect((await a.patch(`/api/conversations/${pub.id}`, { visibility: "private" })).body.conversation.visibility).toBe("private");
    await sb.waitFor((es) => es.some((e) => e.event === "conversation.updated"));
    expect(sb.chatEvents().find((e) => e.type === "conversation.updated")).toMatchObject({ changes: { visibility: "private" } });
    expect((await c.get("/api/channels?q=release")).body.channels).toEqual([]);
    const d = client();
    await d.signUp("ch-dave");
    expect((await d.post(`/api/conversations/${pub.id}/join`)).status).toBe(404);
    [sb, sc].forEach((s) => s.close());
  });
});
