import { describe, expect, it } from "vitest";
import { newId } from "@/lib/store/ids";

describe("newId", () => {
  it("gives 22-character URL-safe ids, all different across many refills of the pool", () => {
    const ids = Array.from({ length: 10_000 }, newId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it("draws fresh randomness for each refill (no pool reused)", () => {
    const first = Array.from({ length: 256 }, newId);
    const second = Array.from({ length: 256 }, newId);
    expect(first.filter((id) => second.includes(id))).toEqual([]);
  });
});
