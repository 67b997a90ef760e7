import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/api-client";
import { startApp, type AppHandle } from "../helpers/app-server";

/** Membership and group changes in the timeline (GET …/messages) and on the live stream. */
let app: AppHandle;
const client = () => new ApiClient(app.baseUrl);
let n = 0;
const people = async (count: number) => {
  const prefix = `tl${++n}`;
  const cs = Array.from({ length: count }, client);
  const users = [];
  for (const [i, c] of cs.entries()) users.push(await c.signUp(`${prefix}-${i}`, undefined, `Person ${prefix}-${i}`));
  return { cs, users };
};
const brief = (items: any[]) => items.map((i) => (i.kind === "system" ? `${i.seq}:${i.action}` : `${i.seq}:${i.text}`));

beforeAll(async () => {
  app = await startApp({ name: "timeline" });
});
afterAll(async () => app?.stop());

describe("timeline entries", () => {
  it("returns system entries in seq order with messages, pages through them, and never counts them unread", async () => {
    const { cs: [a, b], users: [ua, ub, uc, ud] } = await people(4);
    const g = (await a.post("/api/conversations", { type: "group", name: "Launch", memberIds: [ub.id] })).body.conversation;
    await a.post(`/api/conversations/${g.id}/messages`, { text: "one" }); // 2
    await a.post(`/api/conversations/${g.id}/members`, { userId: uc.id }); // 3
    await a.patch(`/api/conversations/${g.id}`, { name: "Launch crew" }); // 4
    await a.post(`/api/conversations/${g.id}/messages`, { text: "two" }); // 5
    await a.del(`/api/conversations/${g.id}/members/${uc.id}`); // 6
    await a.post(`/api/conversations/${g.id}/members`, { userId: ud.id }); // 7
    await a.del(`/api/conversations/${g.id}/members/${ua.id}`); // 8: leaves, b promoted

    const page = await b.get(`/api/conversations/${g.id}/messages?limit=50`);
    expect(page.status).toBe(200);
    expect(brief(page.body.messages)).toEqual(["8:left", "7:added", "6:removed", "5:two", "4:renamed", "3:added", "2:one", "1:created"]);
    expect(page.body.messages[0]).toEqual({
      kind: "system",
      conversationId: g.id,
      seq: 8,
      at: page.body.messages[0].at,
      action: "left",
      actorId: ua.id,
      userId: ua.id,
      name: null,
      promotedUserId: ub.id,
      visibility: null,
    });
    expect(page.body.messages.find((i: any) => i.seq === 4)).toMatchObject({ action: "renamed", actorId: ua.id, name: "Launch crew" });
    // Everyone named on the page is in senders, including people who are no longer members.
    expect(page.body.senders.map((u: any) => u.id).sort()).toEqual([ua.id, ub.id, uc.id, ud.id].sort());

    const seen: string[] = [];
    let before: number | null = null;
    do {
      const p: any = await b.get(`/api/conversations/${g.id}/messages?limit=3${before ? `&before=${before}` : ""}`);
      seen.push(...brief(p.body.messages));
      before = p.body.nextCursor;
    } while (before !== null);
    expect(seen).toEqual(brief(page.body.messages));

    const list = await b.get("/api/conversations");
    expect(list.body.conversations.find((c: any) => c.id === g.id).unreadCount).toBe(2); // the two messages only
  });

  it("delivers changes live with only what changed; the added person gets the conversation once", async () => {
    const { cs: [a, b, c], users: [, ub, uc] } = await people(3);
    const g = (await a.post("/api/conversations", { type: "group", name: "Live", memberIds: [ub.id] })).body.conversation;
    const [sb, sc] = [await b.openStream(), await c.openStream()];
    await Promise.all([sb.waitForReady(), sc.waitForReady()]);
    await a.post(`/api/conversations/${g.id}/members`, { userId: uc.id });
    await a.patch(`/api/conversations/${g.id}`, { name: "Live 2" });
    await sb.waitFor((es) => es.some((e) => e.event === "conversation.updated"));
    await sc.waitFor((es) => es.some((e) => e.event === "conversation.updated"));

    const forB = sb.chatEvents().filter((e) => e.conversationId === g.id);
    expect(forB.map((e) => e.type)).toEqual(["member.added", "conversation.updated"]);
    expect(forB[0]).toMatchObject({ userId: uc.id, actorId: expect.any(String), member: { userId: uc.id, role: "member" } });
    expect(forB[0]).not.toHaveProperty("conversation");
    expect(forB[1]).toMatchObject({ changes: { name: "Live 2" } });
    expect(forB[1]).not.toHaveProperty("conversation");

    const forC = sc.chatEvents().filter((e) => e.conversationId === g.id);
    expect(forC.map((e) => e.type)).toEqual(["member.added", "conversation.updated"]);
    expect(forC[0]).toMatchObject({ conversation: { id: g.id, name: expect.any(String) } });
    expect((forC[0] as any).conversation.members.map((m: any) => m.userId)).toContain(uc.id);
    [sb, sc].forEach((s) => s.close());
  });

  it("replays system changes on resume, linear in the group's size", async () => {
    const { cs: [a, b], users: [, ub, ...rest] } = await people(12);
    const g = (await a.post("/api/conversations", { type: "group", name: "Big", memberIds: [ub.id] })).body.conversation;
    const s1 = await b.openStream();
    await s1.waitForReady();
    const cursor = s1.lastEventId!;
    s1.close();
    for (const u of rest) await a.post(`/api/conversations/${g.id}/members`, { userId: u.id });
    await a.del(`/api/conversations/${g.id}/members/${rest[0].id}`);

    const s2 = await b.openStream({ lastEventId: cursor });
    await s2.waitForReady();
    const replayed = s2.chatEvents().filter((e) => e.conversationId === g.id);
    expect(replayed.map((e) => e.type)).toEqual([...rest.map(() => "member.added"), "member.removed"]);
    // Each frame names one member; none carries the member list.
    for (const e of s2.events) expect(JSON.stringify(e.data)).not.toContain('"members"');
    s2.close();
  });
});
