import { beforeEach, describe, expect, it } from "vitest";
import { registerUser } from "@/lib/chat/accounts";
import { createConversation } from "@/lib/chat/conversations";
import type { ChatDeps } from "@/lib/chat/deps";
import { listMessages, sendMessage } from "@/lib/chat/messages";
import { MESSAGE_MAX_LENGTH } from "@/lib/chat/schemas";
import type { User } from "@/lib/chat/types";
import { limits } from "@/lib/http/rate-limit";
import { LocalEventBus } from "@/lib/realtime/local-bus";
import { runMessageAction, type ActionContext } from "@/lib/server/message-actions";
import { SqliteChatStore } from "@/lib/store/sqlite";
import { DiskFileStore } from "@/lib/store/sqlite/file-store";
import { StoreUnavailableError } from "@/lib/store/store-fault";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** The server actions' rules against a real (in-memory) SQLite store: what app/chat/actions.ts runs. */
let deps: ChatDeps;
let alice: User;
let bob: User;
let carol: User;
let dm: string;

const plainHasher = { hash: async (p: string) => `plain:${p}`, verify: async (h: string, p: string) => h === `plain:${p}` };
const sameOrigin = new Headers({ "sec-fetch-site": "same-origin", origin: "http://chat.test", host: "chat.test" });

function ctx(user: User | null, headers: Headers = sameOrigin, getDeps = async () => deps): ActionContext {
  return { headers, user: async () => user, deps: getDeps };
}

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

const texts = async (conversationId: string, as = alice) =>
  (await listMessages(deps, as.id, conversationId, {})).messages.map((m) => m.text).reverse();

beforeEach(async () => {
  const store = new SqliteChatStore("file::memory:");
  await store.init();
  const files = new DiskFileStore("file::memory:", fs.mkdtempSync(path.join(os.tmpdir(), "actions-files-")));
  await files.init();
  deps = { store, bus: new LocalEventBus(), hasher: plainHasher, files, uploads: { maxBytes: 1024, maxFiles: 10, unattachedTtlMs: 86_400_000 } };
  const suffix = Math.random().toString(36).slice(2, 8);
  alice = await registerUser(deps, { username: `alice_${suffix}`, password: "password123" });
  bob = await registerUser(deps, { username: `bob_${suffix}`, password: "password123" });
  carol = await registerUser(deps, { username: `carol_${suffix}`, password: "password123" });
  dm = (await createConversation(deps, alice.id, { type: "direct", userId: bob.id })).conversation.id;
});

describe("send action", () => {
  it("sends through the use case and comes back to the conversation with a notice", async () => {
    const to = await runMessageAction("send", form({ conversationId: dm, text: "  line one\r\nline two  ", clientId: "form-1" }), ctx(alice));
    expect(to).toBe(`/chat/${dm}?notice=sent#latest`);
    // Trimmed by the schema, CRLF from the form encoding made LF like the JSON API's.
    expect(await texts(dm)).toEqual(["line one\nline two"]);
  });

  it("sends a form posted twice (same clientId) once", async () => {
    const f = () => form({ conversationId: dm, text: "once", clientId: "form-twice" });
    await runMessageAction("send", f(), ctx(alice));
    expect(await runMessageAction("send", f(), ctx(alice))).toContain("notice=sent");
    expect(await texts(dm)).toEqual(["once"]);
  });

  it("refuses empty, whitespace-only and too long text with the schema's rules, storing nothing", async () => {
    for (const text of ["", "   \r\n  "]) {
      expect(await runMessageAction("send", form({ conversationId: dm, text }), ctx(alice))).toBe(`/chat/${dm}?notice=empty#latest`);
    }
    const long = "x".repeat(MESSAGE_MAX_LENGTH + 1);
    expect(await runMessageAction("send", form({ conversationId: dm, text: long }), ctx(alice))).toBe(`/chat/${dm}?notice=too_long#latest`);
    expect(await runMessageAction("send", form({ conversationId: dm }), ctx(alice))).toContain("notice=empty");
    expect(await runMessageAction("send", form({ conversationId: dm, text: "ok", clientId: "bad id!" }), ctx(alice))).toContain("notice=invalid");
    expect(await texts(dm)).toEqual([]);
  });

  it("answers a non-member as if the conversation did not exist", async () => {
    expect(await runMessageAction("send", form({ conversationId: dm, text: "let me in" }), ctx(carol))).toBe(`/chat/${dm}?notice=not_found#latest`);
    expect(await texts(dm)).toEqual([]);
  });

  it("sends a malformed conversation id to the list, not to a path built from it", async () => {
    expect(await runMessageAction("send", form({ conversationId: "../../api/x", text: "hi" }), ctx(alice))).toBe("/chat?notice=invalid");
  });

  it("refuses a cross-origin post before anything else, signed in or not", async () => {
    const other = new Headers({ "sec-fetch-site": "cross-site", origin: "https://evil.test" });
    expect(await runMessageAction("send", form({ conversationId: dm, text: "csrf" }), ctx(alice, other))).toBe(`/chat/${dm}?notice=origin#latest`);
    const sameSite = new Headers({ "sec-fetch-site": "same-site", origin: "http://chat.test:3001" });
    expect(await runMessageAction("send", form({ conversationId: dm, text: "csrf" }), ctx(alice, sameSite))).toContain("notice=origin");
    const nullOrigin = new Headers({ origin: "null", host: "chat.test" });
    expect(await runMessageAction("send", form({ conversationId: dm, text: "csrf" }), ctx(alice, nullOrigin))).toContain("notice=origin");
    expect(await texts(dm)).toEqual([]);
  });

  it("sends a signed-out browser to sign in, back to the conversation afterwards", async () => {
    expect(await runMessageAction("send", form({ conversationId: dm, text: "hi" }), ctx(null))).toBe(`/login?callbackUrl=${encodeURIComponent(`/chat/${dm}`)}`);
  });

  it("shares the write limit with the API and says so instead of failing", async () => {
    while (limits.write.tryTake(alice.id) === 0);
    expect(await runMessageAction("send", form({ conversationId: dm, text: "spam" }), ctx(alice))).toContain("notice=rate_limited");
    expect(await texts(dm)).toEqual([]);
  });

  it("turns an unreachable store into a notice, not an error page", async () => {
    const down = async (): Promise<ChatDeps> => {
      throw new StoreUnavailableError({ reason: "unreachable", heals: true }, "connect refused");
    };
    expect(await runMessageAction("send", form({ conversationId: dm, text: "hi" }), ctx(alice, sameOrigin, down))).toContain("notice=unavailable");
  });
});

describe("edit and delete actions", () => {
  const mine = async (text = "first") => (await sendMessage(deps, alice.id, dm, { text })).message;

  it("edits my message and deletes it", async () => {
    const m = await mine();
    expect(await runMessageAction("edit", form({ conversationId: dm, messageId: m.id, text: "second\r\ntry" }), ctx(alice))).toBe(`/chat/${dm}?notice=edited#latest`);
    expect(await texts(dm)).toEqual(["second\ntry"]);
    expect(await runMessageAction("delete", form({ conversationId: dm, messageId: m.id }), ctx(alice))).toBe(`/chat/${dm}?notice=deleted#latest`);
    expect(await texts(dm)).toEqual([null]);
  });

  it("refuses someone else's message, an empty or too long edit, and editing a deleted one", async () => {
    const m = await mine();
    expect(await runMessageAction("edit", form({ conversationId: dm, messageId: m.id, text: "bob was here" }), ctx(bob))).toContain("notice=not_yours");
    expect(await runMessageAction("delete", form({ conversationId: dm, messageId: m.id }), ctx(bob))).toContain("notice=not_yours");
    expect(await runMessageAction("edit", form({ conversationId: dm, messageId: m.id, text: " " }), ctx(alice))).toContain("notice=empty");
    const long = "y".repeat(MESSAGE_MAX_LENGTH + 1);
    expect(await runMessageAction("edit", form({ conversationId: dm, messageId: m.id, text: long }), ctx(alice))).toContain("notice=too_long");
    expect(await texts(dm)).toEqual(["first"]);
    await runMessageAction("delete", form({ conversationId: dm, messageId: m.id }), ctx(alice));
    expect(await runMessageAction("edit", form({ conversationId: dm, messageId: m.id, text: "revived" }), ctx(alice))).toContain("notice=conflict");
    expect(await texts(dm)).toEqual([null]);
  });

  it("answers a non-member and a made-up id as not found", async () => {
    const m = await mine();
    expect(await runMessageAction("delete", form({ conversationId: dm, messageId: m.id }), ctx(carol))).toContain("notice=not_found");
    expect(await runMessageAction("delete", form({ conversationId: dm, messageId: "no-such-message" }), ctx(alice))).toContain("notice=not_found");
    expect(await runMessageAction("edit", form({ conversationId: dm, text: "no id" }), ctx(alice))).toContain("notice=invalid");
    expect(await texts(dm)).toEqual(["first"]);
  });
});
