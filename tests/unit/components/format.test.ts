import { formatListTime, formatMessageTime } from "@/components/chat/format";

// Local times (no "Z"), so the expectations hold in any time zone the tests run in.
const at314 = "2026-03-02T03:14:00";
const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, " ");

describe("message times follow the locale", () => {
  it("12-hour locales get no leading zero", () => {
    expect(plain(formatMessageTime(at314, "en-US"))).toBe("3:14 AM");
  });

  it("24-hour locales keep their own form", () => {
    expect(formatMessageTime(at314, "de-DE")).toBe("03:14");
    expect(formatMessageTime("2026-03-02T15:14:00", "en-GB")).toBe("15:14");
  });

  it("an unparseable time shows nothing rather than 'Invalid Date'", () => {
    expect(formatMessageTime("not a time")).toBe("");
  });

  it("the conversation list shows today's messages with the same clock", () => {
    const now = new Date("2026-03-02T18:00:00");
    expect(formatListTime(at314, now)).toBe(formatMessageTime(at314));
  });
});
