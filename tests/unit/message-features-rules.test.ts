import { emojiSchema } from "@/lib/chat/schemas";
import { groupReactions, replyExcerpt, REPLY_EXCERPT_MAX } from "@/lib/chat/message-shape";
import { matchMention, resolveMentions, splitMentions } from "@/lib/chat/mention-parse";

const members = [
  { userId: "u1", username: "bob" },
  { userId: "u2", username: "carol.k" },
  { userId: "u3", username: "dan-1" },
];

describe("mentions", () => {
  it("resolves @username of members only, case-insensitively, in order of first mention, once each", () => {
    expect(resolveMentions("@Carol.K and @bob, again @BOB", members)).toEqual(["u2", "u1"]);
    expect(resolveMentions("@nobody @alice", members)).toEqual([]);
  });

  it("ignores trailing sentence punctuation but keeps names that end in it when they exist", () => {
    expect(resolveMentions("thanks @bob.", members)).toEqual(["u1"]);
    expect(resolveMentions("hi @dan-1-", members)).toEqual(["u3"]);
    expect(matchMention("carol.k.", members)?.person.userId).toBe("u2");
  });

  it("does not treat e-mail addresses, @@, or code as mentions", () => {
    expect(resolveMentions("mail bob@example.com or a@@bob", members)).toEqual([]);
    expect(resolveMentions("`@bob` and\n```\n@carol.k\n```", members)).toEqual([]);
    expect(resolveMentions("(@bob) [@dan-1]", members)).toEqual(["u1", "u3"]);
  });

  it("splits text into plain and @name parts for highlighting, losing nothing", () => {
    const text = "hey @bob, see a@b.c and @x.";
    const parts = splitMentions(text);
    expect(parts.map((p) => p.text).join("")).toBe(text);
    expect(parts.filter((p) => p.mention).map((p) => p.mention)).toEqual(["bob", "x."]);
  });
});

describe("emoji", () => {
  const ok = (v: unknown) => emojiSchema.safeParse(v);
  it.each(["👍", "❤️", "👍🏽", "🇫🇷", "1️⃣", "👨‍👩‍👧"])("accepts %s", (e) => {
    expect(ok(e)).toEqual({ success: true, data: e });
  });
  it("stores a bare symbol with its emoji presentation selector", () => {
    expect(ok("❤").data).toBe("❤️");
  });
  it.each([["a letter", "a"], ["two emoji", "👍👍"], ["emoji and text", "👍 ok"], ["empty", ""], ["an operator", "$gt"], ["a number", 1], ["an object", { $ne: null }], ["too long", "👍".repeat(40)]])(
    "refuses %s",
    (_l, v) => {
      expect(ok(v).success).toBe(false);
    },
  );
});

describe("reply excerpts", () => {
  it("keeps short text, collapsing whitespace", () => {
    expect(replyExcerpt("  two\n\nlines  ")).toBe("two lines");
  });
  it("cuts long text at most REPLY_EXCERPT_MAX UTF-16 units, never inside an emoji, marked with …", () => {
    const long = "😀".repeat(100);
    const cut = replyExcerpt(long);
    expect(cut.length).toBeLessThanOrEqual(REPLY_EXCERPT_MAX);
    expect(cut.endsWith("…")).toBe(true);
    expect(Array.from(cut.slice(0, -1)).every((c) => c === "😀")).toBe(true);
    expect(replyExcerpt("x".repeat(141))).toHaveLength(140);
    expect(replyExcerpt("x".repeat(140))).toHaveLength(140);
  });
});

describe("reaction grouping", () => {
  it("groups by emoji in order of first use, people in order, no duplicates", () => {
    expect(
      groupReactions([
        { emoji: "👍", userId: "a" },
        { emoji: "🎉", userId: "b" },
        { emoji: "👍", userId: "c" },
        { emoji: "👍", userId: "a" },
      ]),
    ).toEqual([
      { emoji: "👍", count: 2, userIds: ["a", "c"] },
      { emoji: "🎉", count: 1, userIds: ["b"] },
    ]);
  });
});
