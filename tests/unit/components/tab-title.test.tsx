// @vitest-environment jsdom
import { renderHook } from "@testing-library/react";
import { titleWithCount, UNREAD_ICON, useTabTitle } from "@/components/chat/use-tab-title";

describe("tab title and favicon", () => {
  it("prefixes the unread count, replacing an older one", () => {
    expect(titleWithCount("Chat", 3)).toBe("(3) Chat");
    expect(titleWithCount("(3) Chat", 4)).toBe("(4) Chat");
    expect(titleWithCount("(4) Launch crew · Chat", 0)).toBe("Launch crew · Chat");
    expect(titleWithCount("Chat", 250)).toBe("(99+) Chat");
  });

  it("keeps the count when a page sets its own title, and dots the favicon while unread", async () => {
    document.head.innerHTML = '<title>Chat</title><link rel="icon" href="/favicon.ico">';
    const { rerender, unmount } = renderHook(({ n }) => useTabTitle(n), { initialProps: { n: 3 } });
    const icon = document.querySelector('link[rel="icon"]')!;
    expect(document.title).toBe("(3) Chat");
    expect(icon.getAttribute("href")).toBe(UNREAD_ICON);

    document.title = "Launch crew · Chat"; // a navigation
    await vi.waitFor(() => expect(document.title).toBe("(3) Launch crew · Chat"));

    rerender({ n: 0 });
    expect(document.title).toBe("Launch crew · Chat");
    expect(icon.getAttribute("href")).toBe("/favicon.ico");
    rerender({ n: 1 });
    unmount();
    expect(document.title).toBe("Launch crew · Chat");
  });
});
