import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "@/lib/realtime/stream-cursor";

describe("stream cursor", () => {
  it("round-trips per-conversation positions", () => {
    const c = new Map([
      ["abc_DEF-1", 12],
      ["x", 0],
    ]);
    const raw = encodeCursor(c);
    expect(raw).toBe("v1:abc_DEF-1.12,x.0");
    expect(decodeCursor(raw)).toEqual(c);
    expect(decodeCursor("v1:")).toEqual(new Map());
  });

  it.each(["", "v2:a.1", "v1:a", "v1:a.b", "v1:a.1,", "v1:../x.1", "v1:a.-1", `v1:${"a".repeat(65)}.1`])("rejects %j", (raw) => {
    expect(decodeCursor(raw)).toBeNull();
  });
});
