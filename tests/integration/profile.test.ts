import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/api-client";
import type { AppHandle } from "../helpers/app-server";
import { appModes } from "../helpers/modes";

/**
 * GET|PATCH /api/me and POST /api/me/password over real HTTP with the live stream, in both modes;
 * in scale-out the change is made on one instance and watched (and checked) on the other.
 */
describe.each(appModes("profile"))("profile: %s", (_mode, start) => {
  let apps: AppHandle[];
  const client = () => new ApiClient(apps[0].baseUrl);
  const elsewhere = (c: ApiClient) => c.on(apps.at(-1)!.baseUrl);
  beforeAll(async () => {
    apps = await start();
  });
  afterAll(async () => {
    await Promise.all((apps ?? []).map((a) => a.stop()));
  });

  it("shows and renames me; others see the new name live and on resume", async () => {
    const [a, b] = [client(), client()];
    const ua = await a.signUp("pr-alice", undefined, "Alice");
    const ub = await b.signUp("pr-bob");
    const dm = (await a.post("/api/conversations", { type: "direct", userId: ub.id })).body.conversation;
    expect((await a.get("/api/me")).body).toEqual({ user: { id: ua.id, username: "pr-alice", displayName: "Alice", createdAt: expect.any(String) } });
    const nameThere = async () =>
      (await elsewhere(b).get(`/api/conversations/${dm.id}`)).body.conversation.members.find((m: any) => m.userId === ua.id).displayName;
    expect(await nameThere()).toBe("Alice"); // the other instance has now read (and may cache) the old name
    const sb = await elsewhere(b).openStream();
    await sb.waitForReady();
    const cursor = sb.lastEventId!;
    const res = await a.patch("/api/me", { displayName: "  Alice Liddell " });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: ua.id, displayName: "Alice Liddell" });
    await sb.waitFor((es) => es.some((e) => e.event === "member.updated"));
    expect(sb.chatEvents().find((e) => e.type === "member.updated")).toMatchObject({ conversationId: dm.id, userId: ua.id, displayName: "Alice Liddell" });
    sb.close();
    const s2 = await elsewhere(b).openStream({ lastEventId: cursor });
    await s2.waitForReady();
    expect(s2.chatEvents().map((e) => e.type)).toEqual(["member.updated"]);
    s2.close();
    expect(await nameThere()).toBe("Alice Liddell");
    // The same name again changes nothing.
    await a.patch("/api/me", { displayName: "Alice Liddell" });
    expect((await a.get(`/api/conversations/${dm.id}`)).body.conversation.lastSeq).toBe(2);
  });

  it("changes the password only with the current one, and signs out every other session", async () => {
    const here = client();
    await here.signUp("pr-carol", "first password 1");
    const other = client();
    expect(await other.login("pr-carol", "first password 1")).toBe(200);
    expect((await other.get("/api/me")).status).toBe(200);

    const wrong = await here.post("/api/me/password", { currentPassword: "not it at all", newPassword: "second password 2" });
    expect({ status: wrong.status, code: wrong.body.error.code }).toEqual({ status: 403, code: "forbidden:password" });
    expect((await other.get("/api/me")).status).toBe(200); // nothing changed

    const ok = await here.post("/api/me/password", { currentPassword: "first password 1", newPassword: "second password 2" });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ signedOut: 1 });
    expect((await other.get("/api/me")).status).toBe(401);
    expect((await elsewhere(other).get("/api/me")).status).toBe(401);
    expect((await here.get("/api/me")).status).toBe(200);
    expect(await client().login("pr-carol", "first password 1")).toBe(401);
    const again = client();
    expect(await again.login("pr-carol", "second password 2")).toBe(200);
    expect((await again.get("/api/me")).status).toBe(200);
  });
});
