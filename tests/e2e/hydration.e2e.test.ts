import { type Browser } from "playwright-core";
import { ApiClient } from "../helpers/api-client";
import { startApp, tempDir, type AppHandle } from "../helpers/app-server";
import { launchChromium, takePageProblems } from "../helpers/browser";
import { ChatPage } from "../pages/chat-page";

/**
 * Fresh loads of a conversation page must hydrate cleanly: whatever the browser's locale, time
 * zone and colour scheme, and whether or not messages arrive while the page hydrates. A mismatch
 * (React #418) makes React throw the server HTML away and render again on the client.
 */
const PASSWORD = "correct horse battery";
const SETUPS = [
  { locale: "en-US", timezoneId: "America/Los_Angeles", colorScheme: "light" },
  { locale: "de-DE", timezoneId: "Europe/Berlin", colorScheme: "dark" },
  { locale: "ja-JP", timezoneId: "Asia/Tokyo", colorScheme: "light" },
  { locale: "en-GB", timezoneId: "UTC", colorScheme: "dark" },
] as const;
const LOADS_PER_SETUP = 8;

let app: AppHandle;
let browser: Browser;
let alice: ApiClient;
let bob: ApiClient;
let groupId: string;
let counter = 0;
/** The newest message in the group: always on the first page a load fetches. */
let newest = "";

beforeAll(async () => {
  app = await startApp({ dataDir: tempDir("chat-hydration-"), name: "hydration" });
  browser = await launchChromium();
  alice = new ApiClient(app.baseUrl);
  bob = new ApiClient(app.baseUrl);
  await alice.signUp("alice", PASSWORD, "Alice Smith");
  const b = await bob.signUp("bob", PASSWORD, "Bob Jones");
  const created = await alice.post("/api/conversations", { type: "group", name: "Launch crew", memberIds: [b.id] });
  groupId = created.body.conversation.id;
  for (let i = 1; i <= 8; i++) {
    const who = i % 2 ? alice : bob;
    const res = await who.post(`/api/conversations/${groupId}/messages`, { text: `Earlier message ${i}` });
    if (res.status !== 201) throw new Error(`seed message ${i}: ${res.status}`);
    newest = `Earlier message ${i}`;
  }
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** Alice's session cookies, for a browser context that starts signed in. */
function sessionCookies() {
  const url = new URL(app.baseUrl);
  return alice
    .cookieHeader()
    .split("; ")
    .filter(Boolean)
    .map((pair) => {
      const i = pair.indexOf("=");
      return { name: pair.slice(0, i), value: pair.slice(i + 1), domain: url.hostname, path: "/" };
    });
}

async function loadOnce(setup: (typeof SETUPS)[number], withLiveMessages: boolean, slowCpu: boolean): Promise<string[]> {
  const context = await browser.newContext({ ...setup, viewport: { width: 1280, height: 800 } });
  try {
    await context.addCookies(sessionCookies());
    const page = await context.newPage();
    // A slower CPU (as on a phone) stretches hydration, so data arriving meanwhile is likelier.
    if (slowCpu) await (await context.newCDPSession(page)).send("Emulation.setCPUThrottlingRate", { rate: 4 });
    const chat = new ChatPage(page, "alice", "");
    // Bob writes a burst while the page loads and hydrates: events and list refreshes race hydration.
    let writing = withLiveMessages;
    const burst = (async () => {
      for (let i = 0; writing && i < 10; i++) {
        const text = `Live ${++counter}`;
        const res = await bob.post(`/api/conversations/${groupId}/messages`, { text });
        if (res.status === 201) newest = text;
        await new Promise((r) => setTimeout(r, 40));
      }
    })();
    await page.goto(`${app.baseUrl}/chat/${groupId}`);
    await chat.waitForConnection("live");
    await chat.waitForMessage(newest);
    writing = false;
    await burst;
    await chat.waitForMessage(newest);

    // Times are the browser's own: its locale and time zone, computed in the page.
    const time = page.getByTestId("message").first().locator("time");
    const [shown, expected] = await time.evaluate((el) => [
      el.textContent,
      new Date(el.getAttribute("datetime")!).toLocaleTimeString(undefined, { timeStyle: "short" }),
    ]);
    const problems = takePageProblems();
    if (shown !== expected) problems.push(`time shown as "${shown}", the browser's own format is "${expected}"`);
    return problems;
  } finally {
    await context.close();
  }
}

describe("conversation page hydration", () => {
  for (const setup of SETUPS) {
    it(`${LOADS_PER_SETUP} fresh loads in ${setup.locale} / ${setup.timezoneId} / ${setup.colorScheme}, with and without live messages: no mismatch`, async () => {
      const failures: string[] = [];
      for (let i = 0; i < LOADS_PER_SETUP; i++) {
        const live = i % 2 === 1;
        const slow = i % 4 >= 2;
        const problems = await loadOnce(setup, live, slow);
        const how = `${live ? "messages arriving" : "quiet"}${slow ? ", slow CPU" : ""}`;
        if (problems.length) failures.push(`load ${i + 1} (${how}):\n${problems.join("\n")}`);
      }
      expect(failures).toEqual([]);
    }, 180_000);
  }
});

describe("favicon", () => {
  it("/favicon.ico is a real icon, and every page links one that loads", async () => {
    const ico = await fetch(`${app.baseUrl}/favicon.ico`);
    expect(ico.status).toBe(200);
    expect(ico.headers.get("content-type")).toBe("image/x-icon");
    const bytes = Buffer.from(await ico.arrayBuffer());
    expect([...bytes.subarray(0, 4)]).toEqual([0, 0, 1, 0]); // ICO header: reserved 0, type 1 (icon)

    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${app.baseUrl}/login`);
      const hrefs = await page.locator('link[rel~="icon"]').evaluateAll((els) => els.map((el) => (el as HTMLLinkElement).href));
      expect(hrefs.length).toBeGreaterThan(0);
      for (const href of hrefs) expect((await context.request.get(href)).status(), href).toBe(200);
    } finally {
      await context.close();
    }
  });
});
