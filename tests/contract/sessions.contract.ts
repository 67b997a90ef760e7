import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isLive, revokeSessions, sessionUser, startSession } from "@/lib/chat/sessions";
import type { ChatStore } from "@/lib/store/chat-store";

/** Sessions (revocable sign-ins) through the port and the use cases, against every adapter. */
export function sessionsContract(name: string, makeStore: () => Promise<ChatStore>) {
  describe(`sessions contract: ${name}`, () => {
    let store: ChatStore;
    beforeAll(async () => {
      store = await makeStore();
      await store.init();
    });
    afterAll(async () => {
      await store?.close();
    });
    const newUser = () => store.createUser({ username: `s${randomBytes(6).toString("hex")}`, displayName: "S", passwordHash: "x" });

    it("a started session is found, live, and names its user", async () => {
      const u = await newUser();
      const s = await startSession({ store }, u.id);
      expect(await store.findSession(s.id)).toEqual(s);
      expect(s.revokedAt).toBeNull();
      expect(isLive(s, u.id)).toBe(true);
      expect(await sessionUser({ store }, { sessionId: s.id, userId: u.id })).toEqual(u);
    });

    it("a session does not work for another user, when unknown, or when expired", async () => {
      const [u, v] = [await newUser(), await newUser()];
      const s = await startSession({ store }, u.id);
      expect(await sessionUser({ store }, { sessionId: s.id, userId: v.id })).toBeNull();
      expect(await sessionUser({ store }, { sessionId: "no-such-session", userId: u.id })).toBeNull();
      expect(await sessionUser({ store }, { sessionId: undefined, userId: u.id })).toBeNull();
      const old = await startSession({ store }, u.id, Date.now() - 31 * 24 * 3600_000);
      expect(await sessionUser({ store }, { sessionId: old.id, userId: u.id })).toBeNull();
    });

    it("revoking one session leaves the user's others live; revoking again changes nothing", async () => {
      const u = await newUser();
      const [a, b] = [await startSession({ store }, u.id), await startSession({ store }, u.id)];
      expect(await store.revokeSessions({ userId: u.id, sessionId: a.id })).toBe(1);
      expect(await store.revokeSessions({ userId: u.id, sessionId: a.id })).toBe(0);
      expect((await store.findSession(a.id))?.revokedAt).not.toBeNull();
      expect(await sessionUser({ store }, { sessionId: a.id, userId: u.id })).toBeNull();
      expect(await sessionUser({ store }, { sessionId: b.id, userId: u.id })).not.toBeNull();
    });

    it("revokeSessions ends every session of the user but the one kept, and nobody else's", async () => {
      const [u, other] = [await newUser(), await newUser()];
      const keep = await startSession({ store }, u.id);
      const ended = [await startSession({ store }, u.id), await startSession({ store }, u.id)];
      const theirs = await startSession({ store }, other.id);
      expect(await revokeSessions({ store }, u.id, { except: keep.id })).toBe(2);
      for (const s of ended) expect(await sessionUser({ store }, { sessionId: s.id, userId: u.id })).toBeNull();
      expect(await sessionUser({ store }, { sessionId: keep.id, userId: u.id })).not.toBeNull();
      expect(await sessionUser({ store }, { sessionId: theirs.id, userId: other.id })).not.toBeNull();
      expect(await revokeSessions({ store }, u.id)).toBe(1);
      expect(await sessionUser({ store }, { sessionId: keep.id, userId: u.id })).toBeNull();
    });

    it("lists the sessions revoked after a time, and none revoked before it or still live", async () => {
      const u = await newUser();
      const [early, late, live] = [await startSession({ store }, u.id), await startSession({ store }, u.id), await startSession({ store }, u.id)];
      await store.revokeSessions({ userId: u.id, sessionId: early.id });
      await new Promise((r) => setTimeout(r, 5));
      const between = new Date().toISOString();
      await new Promise((r) => setTimeout(r, 5));
      await store.revokeSessions({ userId: u.id, sessionId: late.id });
      const since = await store.listSessionsRevokedSince(between);
      expect(since).toContain(late.id);
      expect(since).not.toContain(early.id);
      expect(since).not.toContain(live.id);
      expect(await store.listSessionsRevokedSince(new Date(Date.now() + 60_000).toISOString())).toEqual([]);
    });

    it("a new sign-in clears the user's expired sessions", async () => {
      const u = await newUser();
      const old = await startSession({ store }, u.id, Date.now() - 31 * 24 * 3600_000);
      await startSession({ store }, u.id);
      expect(await store.findSession(old.id)).toBeNull();
    });
  });
}
