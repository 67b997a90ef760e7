import { Drafts } from "@/components/chat/drafts";
import { mapStore } from "@/components/chat/local-store";

describe("Drafts", () => {
  it("keeps one draft per conversation and person", () => {
    const storage = mapStore();
    const alice = new Drafts("u_alice", storage);
    alice.set("c1", "half a thought");
    alice.set("c2", "another");
    expect(alice.get("c1")).toBe("half a thought");
    expect(new Drafts("u_alice", storage).get("c2")).toBe("another"); // a reload
    expect(new Drafts("u_bob", storage).get("c1")).toBe(""); // someone else on this browser
  });

  it("forgets a draft that is cleared or only whitespace", () => {
    const storage = mapStore();
    const drafts = new Drafts("u_alice", storage);
    drafts.set("c1", "text");
    drafts.set("c1", "  \n ");
    expect(storage.map.size).toBe(0);
    drafts.set("c1", "text");
    drafts.clear("c1");
    expect(drafts.get("c1")).toBe("");
  });

  it("works without storage (blocked in a private window)", () => {
    const throwing = { getItem: () => { throw new Error("blocked"); }, setItem: () => { throw new Error("blocked"); }, removeItem: () => {} };
    const drafts = new Drafts("u_alice", throwing);
    expect(() => drafts.set("c1", "x")).not.toThrow();
    expect(drafts.get("c1")).toBe("");
  });
});
