import { ApiError } from "@/components/chat/api";
import { mapStore } from "@/components/chat/local-store";
import { backoffMs, Outbox, type OutboxDeps } from "@/components/chat/outbox";
import type { Message } from "@/lib/chat/types";
import { alice, message } from "./fixtures";

const offline = () => new ApiError(0, "network", "You appear to be offline.");

function setup(send: OutboxDeps["send"], storage = mapStore()) {
  const sent: string[] = [];
  const statuses: string[] = [];
  const outbox = new Outbox(alice.id, {
    send,
    onSent: (e) => sent.push(e.text),
    onStatus: (e, status) => statuses.push(`${e.text}:${status}`),
    storage,
    random: () => 0.5,
  });
  return { outbox, sent, statuses, storage };
}

const confirm = (id: string, text: string, clientId: string) =>
  Promise.resolve(message({ seq: 1, conversationId: id, senderId: alice.id, text, clientId }));

const entry = (text: string, clientId = `cid-${text}`) => ({
  conversationId: "c1",
  clientId,
  text,
  createdAt: "2026-03-01T10:00:00.000Z",
});

afterEach(() => vi.useRealTimers());

describe("Outbox", () => {
  it("sends one message at a time, oldest first", async () => {
    const inFlight: string[] = [];
    let most = 0;
    const send = vi.fn(async (id: string, text: string, clientId: string) => {
      inFlight.push(text);
      most = Math.max(most, inFlight.length);
      await new Promise((r) => setTimeout(r, 5));
      inFlight.splice(inFlight.indexOf(text), 1);
      return confirm(id, text, clientId);
    });
    const { outbox, sent } = setup(send);
    outbox.add(entry("one"));
    outbox.add(entry("two"));
    outbox.add(entry("three"));
    await vi.waitFor(() => expect(sent).toEqual(["one", "two", "three"]));
    expect(most).toBe(1);
    expect(outbox.list()).toEqual([]);
  });

  it("after an unknown outcome keeps the message and the ones behind it, and retries with the same clientId", async () => {
    const send = vi.fn().mockRejectedValueOnce(offline()).mockImplementation(confirm);
    const { outbox, sent, statuses } = setup(send);
    outbox.add(entry("first"));
    outbox.add(entry("second"));
    await vi.waitFor(() => expect(statuses).toContain("second:waiting"));
    expect(sent).toEqual([]);

    outbox.resume(); // the connection is back
    await vi.waitFor(() => expect(sent).toEqual(["first", "second"]));
    expect(send.mock.calls.map((c) => c[2])).toEqual(["cid-first", "cid-first", "cid-second"]);
  });

  it("treats 429 and 5xx as unknown outcomes too, but a 4xx as a refusal that does not block the rest", async () => {
    const send = vi
      .fn()
      .mockRejectedValueOnce(new ApiError(503, "unavailable:store", "Try again shortly."))
      .mockRejectedValueOnce(new ApiError(400, "bad_request:input", "Too long."))
      .mockImplementation(confirm);
    const { outbox, sent, statuses } = setup(send);
    outbox.add(entry("refused"));
    outbox.add(entry("fine"));
    await vi.waitFor(() => expect(statuses).toContain("refused:waiting"));
    outbox.resume();
    await vi.waitFor(() => expect(sent).toEqual(["fine"]));
    expect(statuses).toContain("refused:failed");
    expect(outbox.list()).toMatchObject([{ text: "refused", refused: "Too long." }]);

    outbox.resume(); // a refused message is not retried by itself…
    await Promise.resolve();
    expect(send).toHaveBeenCalledTimes(3);
    outbox.retry("cid-refused"); // …only when the person asks
    await vi.waitFor(() => expect(sent).toEqual(["fine", "refused"]));
  });

  it("backs off 1 s, 2 s, 4 s … between automatic retries", async () => {
    vi.useFakeTimers();
    const send = vi.fn().mockRejectedValueOnce(offline()).mockRejectedValueOnce(offline()).mockImplementation(confirm);
    const { outbox, sent } = setup(send);
    outbox.add(entry("hello"));
    await vi.advanceTimersByTimeAsync(0);
    expect(send).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(send).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(send).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1999);
    expect(send).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual(["hello"]);
  });

  it("waits at least as long as the server's Retry-After", async () => {
    vi.useFakeTimers();
    const busy = new ApiError(503, "unavailable:store", "Try again shortly.", undefined, 30);
    const send = vi.fn().mockRejectedValueOnce(busy).mockImplementation(confirm);
    const { outbox, sent } = setup(send);
    outbox.add(entry("hello"));
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(29_999); // the backoff alone would have retried after 1 s
    expect(send).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual(["hello"]);
  });

  it("keeps a message through a sign-out (401): not refused, sent once signed in again", async () => {
    vi.useFakeTimers();
    const storage = mapStore();
    const send = vi.fn().mockRejectedValueOnce(new ApiError(401, "unauthorized", "Sign in again."));
    const first = setup(send, storage);
    first.outbox.add(entry("hello"));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(send).toHaveBeenCalledTimes(1); // no retry loop while signed out
    expect(first.statuses).toContain("hello:waiting");
    first.outbox.stop();
    const again = setup(vi.fn().mockImplementation(confirm), storage); // the page after signing in
    again.outbox.resume();
    await vi.advanceTimersByTimeAsync(0);
    expect(again.sent).toEqual(["hello"]);
  });

  it("survives a reload: what was not confirmed is stored, restored and sent, then forgotten", async () => {
    const storage = mapStore();
    const never = () => new Promise<Message>(() => {});
    setup(never, storage).outbox.add(entry("typed before the reload"));
    expect(storage.map.size).toBe(1);

    const send = vi.fn(confirm);
    const { outbox, sent } = setup(send, storage);
    expect(outbox.forConversation("c1").map((e) => e.text)).toEqual(["typed before the reload"]);
    outbox.resume();
    await vi.waitFor(() => expect(sent).toEqual(["typed before the reload"]));
    expect(send).toHaveBeenCalledWith("c1", "typed before the reload", "cid-typed before the reload");
    expect(storage.map.size).toBe(0);
  });

  it("ignores unreadable storage instead of failing", () => {
    const storage = mapStore();
    storage.setItem(`chat.outbox.${alice.id}`, "{not json");
    expect(setup(vi.fn(), storage).outbox.list()).toEqual([]);
    storage.setItem(`chat.outbox.${alice.id}`, JSON.stringify([{ nope: 1 }]));
    expect(setup(vi.fn(), storage).outbox.list()).toEqual([]);
  });

  it("caps the backoff at 30 s with ±25 % jitter", () => {
    expect(backoffMs(0, () => 0)).toBe(750);
    expect(backoffMs(0, () => 1)).toBe(1250);
    expect(backoffMs(20, () => 0.5)).toBe(30_000);
  });
});
