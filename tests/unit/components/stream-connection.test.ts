import { StreamConnection, type StreamSink } from "@/components/chat/stream-connection";

/** Just enough of EventSource to drive the connection by hand. */
class FakeEventSource {
  static instances: FakeEventSource[] = [];
  readyState = 0;
  onerror: (() => void) | null = null;
  closed = false;
  private listeners = new Map<string, ((e: MessageEvent) => void)[]>();
  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }
  addEventListener(type: string, fn: (e: MessageEvent) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  emit(type: string, data: unknown, lastEventId = "") {
    this.readyState = 1;
    for (const fn of this.listeners.get(type) ?? []) fn({ data: JSON.stringify(data), lastEventId } as MessageEvent);
  }
  fail(closed: boolean) {
    this.readyState = closed ? 2 : 0;
    this.onerror?.();
  }
}

function setup() {
  FakeEventSource.instances = [];
  const sink: StreamSink & { states: string[] } = {
    states: [],
    setConnection: vi.fn((s) => sink.states.push(s)),
    handleEvent: vi.fn(),
    resync: vi.fn(),
    reset: vi.fn(),
  };
  const win = new EventTarget();
  const conn = new StreamConnection(sink, "/api/stream", FakeEventSource as unknown as typeof EventSource, win as unknown as Window);
  conn.start();
  return { sink, win, conn, first: FakeEventSource.instances[0] };
}

describe("StreamConnection", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("goes live on ready, resyncs, and passes chat events on", () => {
    const { sink, first } = setup();
    first.emit("ready", { userId: "u1" }, "v1:c1.3");
    expect(sink.states).toEqual(["live"]);
    expect(sink.resync).toHaveBeenCalledOnce();
    const event = { type: "message.created", conversationId: "c1", seq: 4 };
    first.emit("message.created", event, "v1:c1.4");
    expect(sink.handleEvent).toHaveBeenCalledWith(event);
  });

  it("on reset (a replay too long to stream) drops what it holds and resumes from the reset's id", () => {
    const { sink, first } = setup();
    first.emit("reset", { reason: "replay_limit" }, "v1:c1.900");
    expect(sink.reset).toHaveBeenCalledOnce();
    expect(sink.handleEvent).not.toHaveBeenCalled();
    first.emit("ready", {}, "v1:c1.900");
    expect(sink.resync).toHaveBeenCalledOnce();
    first.fail(true);
    vi.advanceTimersByTime(2000);
    expect(FakeEventSource.instances[1].url).toBe(`/api/stream?lastEventId=${encodeURIComponent("v1:c1.900")}`);
  });

  it("shows reconnecting while the browser retries on its own", () => {
    const { sink, first } = setup();
    first.emit("ready", {}, "v1:c1.3");
    first.fail(false);
    expect(sink.states.at(-1)).toBe("reconnecting");
    expect(FakeEventSource.instances).toHaveLength(1);
  });

  it("opens a new EventSource with the last id when the browser gives up", () => {
    const { first } = setup();
    first.emit("ready", {}, "v1:c1.3");
    first.emit("message.created", { conversationId: "c1", seq: 4 }, "v1:c1.4,c2.1");
    first.fail(true);
    vi.advanceTimersByTime(2000);
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(FakeEventSource.instances[1].url).toBe(`/api/stream?lastEventId=${encodeURIComponent("v1:c1.4,c2.1")}`);
  });

  it("drops the stream when the device goes offline and resumes when it is back", () => {
    const { sink, win, first } = setup();
    first.emit("ready", {}, "v1:c1.9");
    win.dispatchEvent(new Event("offline"));
    expect(first.closed).toBe(true);
    expect(sink.states.at(-1)).toBe("reconnecting");
    win.dispatchEvent(new Event("online"));
    vi.advanceTimersByTime(300);
    expect(FakeEventSource.instances[1].url).toBe(`/api/stream?lastEventId=${encodeURIComponent("v1:c1.9")}`);
  });

  it("ignores a malformed event instead of dying", () => {
    const { sink, first } = setup();
    for (const fn of (first as unknown as { listeners: Map<string, ((e: MessageEvent) => void)[]> }).listeners.get("message.created")!) {
      fn({ data: "{not json", lastEventId: "" } as MessageEvent);
    }
    expect(sink.handleEvent).not.toHaveBeenCalled();
  });

  it("stops cleanly", () => {
    const { conn, first } = setup();
    conn.stop();
    expect(first.closed).toBe(true);
  });
});
