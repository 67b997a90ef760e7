import { MongoNetworkError, MongoServerError, type Collection } from "mongodb";
import { describe, expect, it } from "vitest";
import { ensureIndexes } from "@/lib/store/mongo/indexes";

/** A collection that fails its first `failures` createIndexes calls with `error`. */
function flaky(error: Error, failures: number) {
  const calls = { list: 0, create: 0 };
  const collection = {
    listIndexes: () => ({ toArray: async () => (calls.list++, [{ name: "_id_" }]) }),
    createIndexes: async () => {
      if (calls.create++ < failures) throw error;
      return [];
    },
  } as unknown as Collection;
  return { collection, calls };
}

const specs = [{ key: { a: 1 }, name: "a" }];

describe("ensureIndexes", () => {
  it("asks again when the server drops the connection (FerretDB's crash on a fresh database)", async () => {
    const { collection, calls } = flaky(new MongoNetworkError("connection closed"), 2);
    await ensureIndexes(collection, specs);
    expect(calls).toEqual({ list: 3, create: 3 });
  });

  it("gives up after three dropped connections, and never retries a refusal", async () => {
    await expect(ensureIndexes(flaky(new MongoNetworkError("connection closed"), 3).collection, specs)).rejects.toThrow("connection closed");
    const refused = flaky(new MongoServerError({ message: "bad index", code: 67 }), 1);
    await expect(ensureIndexes(refused.collection, specs)).rejects.toThrow("bad index");
    expect(refused.calls.create).toBe(1);
  });
});
