import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "@/app/(auth)/safe-callback";

describe("safeCallbackUrl", () => {
  it.each(["/chat", "/chat/abc?x=1#m", "/chat/%09x"])("keeps the same-site path %j", (v) => {
    expect(safeCallbackUrl(v)).toBe(v);
  });

  it.each([
    "/\t/evil.example/",
    "/\n/evil.example/",
    "/\r/evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\/evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    " /chat",
    "/ /evil.example",
    "",
    undefined,
  ])("falls back for %j", (v) => {
    expect(safeCallbackUrl(v)).toBe("/chat");
  });
});
