import { ApiClient } from "../helpers/api-client";
import { axeViolations } from "../helpers/axe";
import { AuthPage } from "../pages/auth-page";
import { ChatPage } from "../pages/chat-page";
import { browserScenario, DESKTOP, PASSWORD, PHONE } from "../helpers/browser-scenario";

/**
 * Issue 9 in real Chromium: nothing the person wrote is lost (offline sends go out by themselves,
 * drafts survive reloads), and people notice what happened while they looked elsewhere.
 * Alice on a desktop, Bob on a 375 px phone; Carol talks through the API.
 */
const scene = browserScenario({ name: "awareness", shots: "awareness" });
const person = (name: "alice" | "bob", viewport = DESKTOP) =>
  scene.person(name, { signIn: "login", viewport, initScript: RECORD_NOTIFICATIONS, context: viewport === PHONE ? {} : { permissions: ["notifications"] } });

let alice: ChatPage;
let bob: ChatPage;
let bobApi: ApiClient;
let carolApi: ApiClient;
let dmId: string;
let groupId: string;
let carolDmId: string;

/** Records desktop notifications and permission requests, so the test can see and click them. */
const RECORD_NOTIFICATIONS = `(() => {
  const Real = window.Notification;
  window.__notices = [];
  window.__permissionRequests = 0;
  class Recorded extends Real {
    constructor(title, options) {
      super(title, options);
      window.__notices.push({ title, body: options && options.body, notice: this });
    }
  }
  Recorded.requestPermission = (...args) => { window.__permissionRequests++; return Real.requestPermission(...args); };
  window.Notification = Recorded;
  // Headless Chromium keeps every tab visible; let the test put this one in the background.
  let hidden = false;
  Object.defineProperty(Document.prototype, "visibilityState", { configurable: true, get: () => (hidden ? "hidden" : "visible") });
  Object.defineProperty(Document.prototype, "hidden", { configurable: true, get: () => hidden });
  window.__setHidden = (value) => { hidden = value; document.dispatchEvent(new Event("visibilitychange")); };
})();`;

async function setHidden(chat: ChatPage, hidden: boolean) {
  await chat.page.evaluate((h) => (window as unknown as { __setHidden(h: boolean): void }).__setHidden(h), hidden);
}

beforeAll(async () => {
  const a = new ApiClient(scene.app.baseUrl);
  bobApi = new ApiClient(scene.app.baseUrl);
  carolApi = new ApiClient(scene.app.baseUrl);
  await a.signUp("alice", PASSWORD, "Alice Smith");
  const b = await bobApi.signUp("bob", PASSWORD, "Bob Jones");
  await carolApi.signUp("carol", PASSWORD, "Carol King");
  dmId = (await a.post("/api/conversations", { type: "direct", userId: b.id })).body.conversation.id;
  groupId = (await carolApi.post("/api/conversations", { type: "group", name: "Launch crew", memberIds: [a.user!.id, b.id] })).body
    .conversation.id;
  carolDmId = (await carolApi.post("/api/conversations", { type: "direct", userId: a.user!.id })).body.conversation.id;
  await a.post(`/api/conversations/${dmId}/messages`, { text: "Hi Bob" });
  alice = await person("alice");
  bob = await person("bob", PHONE);
});

describe("never lose what the person wrote", () => {
  it("a message written offline is delivered once after the connection returns, with no click", async () => {
    await bob.openConversation("Alice Smith");
    await alice.openConversation("Bob Jones");
    await scene.context("bob").setOffline(true);
    await bob.waitForConnection("reconnecting");
    await bob.composer().fill("Written on the train");
    await bob.submit();
    await bob.message("Written on the train").and(bob.page.locator('[data-status="waiting"]')).waitFor();
    await bob.screenshot("01-bob-offline-waiting-375px");

    await scene.context("bob").setOffline(false);
    await bob.waitForConnection("live", 30_000);
    await bob.message("Written on the train").and(bob.page.locator('[data-status="sent"]')).waitFor({ timeout: 30_000 });
    await alice.waitForMessage("Written on the train");
    await bob.screenshot("02-bob-delivered-375px");

    const history = await bobApi.get(`/api/conversations/${dmId}/messages?limit=50`);
    expect(history.body.messages.filter((m: { text: string }) => m.text === "Written on the train")).toHaveLength(1);
    expect(await alice.message("Written on the train").count()).toBe(1);
  }, 90_000);

  it("a message still waiting when the page is reloaded is sent from the outbox after the reload", async () => {
    await scene.context("bob").setOffline(true);
    await bob.waitForConnection("reconnecting");
    await bob.composer().fill("Sent before the tab was reloaded");
    await bob.submit();
    await bob.message("Sent before the tab was reloaded").and(bob.page.locator('[data-status="waiting"]')).waitFor();
    await scene.context("bob").setOffline(false);
    await bob.page.reload();
    await bob.waitForConnection("live");
    await alice.waitForMessage("Sent before the tab was reloaded");
    await bob.message("Sent before the tab was reloaded").and(bob.page.locator('[data-status="sent"]')).waitFor();
    const history = await bobApi.get(`/api/conversations/${dmId}/messages?limit=50`);
    expect(history.body.messages.filter((m: { text: string }) => m.text === "Sent before the tab was reloaded")).toHaveLength(1);
  }, 90_000);

  it("a draft survives a reload, and is gone once sent", async () => {
    await alice.composer().fill("Half-written thought");
    await alice.page.reload();
    await alice.waitForConnection("live");
    await alice.heading().getByText("Bob Jones", { exact: true }).waitFor();
    expect(await alice.composer().inputValue()).toBe("Half-written thought");
    await alice.screenshot("03-alice-draft-after-reload");
    await alice.composer().press("Enter");
    await bob.waitForMessage("Half-written thought");
    await alice.page.reload();
    await alice.waitForConnection("live");
    await alice.heading().getByText("Bob Jones", { exact: true }).waitFor();
    expect(await alice.composer().inputValue()).toBe("");
  });
});

describe("noticing what happened elsewhere", () => {
  it("the tab title counts unread messages and the favicon gets a dot; reading clears both", async () => {
    await alice.page.goto(`${scene.app.baseUrl}/chat`);
    await alice.waitForConnection("live");
    expect(await alice.page.title()).not.toMatch(/^\(/);
    await carolApi.post(`/api/conversations/${groupId}/messages`, { text: "Standup in 5" });
    await carolApi.post(`/api/conversations/${groupId}/messages`, { text: "Bring coffee" });
    await carolApi.post(`/api/conversations/${carolDmId}/messages`, { text: "Psst" });
    await expect.poll(() => alice.page.title(), { timeout: 15_000 }).toBe("(3) Conversations · Chat");
    const icon = await alice.page.locator('link[rel~="icon"]').first().getAttribute("href");
    expect(icon).toMatch(/^data:image\/svg\+xml,/);
    await alice.screenshot("04-alice-unread-in-tab");

    await alice.openConversation("Launch crew");
    await expect.poll(() => alice.page.title(), { timeout: 15_000 }).toBe("(1) Launch crew · Chat");
    await alice.openConversation("Carol King");
    await expect.poll(() => alice.page.title(), { timeout: 15_000 }).toBe("Carol King · Chat");
    expect(await alice.page.locator('link[rel~="icon"]').first().getAttribute("href")).not.toMatch(/^data:/);
  });

  it("desktop notifications: never asked for on load; turned on from the visible control; a DM while hidden notifies and a click opens it", async () => {
    expect(await alice.page.evaluate(() => (window as unknown as { __permissionRequests: number }).__permissionRequests)).toBe(0);
    const toggle = alice.page.getByRole("button", { name: "Desktop notifications" });
    await toggle.click();
    await alice.page.waitForFunction(() => document.querySelector('[data-testid="notification-toggle"]')?.getAttribute("aria-pressed") === "true");
    await alice.screenshot("05-alice-notifications-on");

    await setHidden(alice, true);

    await carolApi.post(`/api/conversations/${groupId}/messages`, { text: "Group chatter, no mention" });
    await bobApi.post(`/api/conversations/${dmId}/messages`, { text: "Ping from Bob" });
    await alice.page.waitForFunction(() => (window as unknown as { __notices: unknown[] }).__notices.length > 0);
    await alice.page.waitForTimeout(500); // the group message was delivered too: give it the chance to (wrongly) notify
    const notices = await alice.page.evaluate(() =>
      (window as unknown as { __notices: { title: string; body: string }[] }).__notices.map((n) => [n.title, n.body]),
    );
    expect(notices).toEqual([["Bob Jones", "Ping from Bob"]]);

    await setHidden(alice, false);
    await alice.page.evaluate(() => (window as unknown as { __notices: { notice: Notification }[] }).__notices[0].notice.onclick?.(new Event("click")));
    await alice.heading().getByText("Bob Jones", { exact: true }).waitFor();
    await alice.waitForMessage("Ping from Bob");
  });

  it("a muted conversation does not notify", async () => {
    await alice.openConversation("Bob Jones");
    await alice.page.getByRole("button", { name: "Mute conversation" }).click();
    expect(await alice.page.getByRole("button", { name: "Mute conversation" }).getAttribute("aria-pressed")).toBe("true");
    await alice.openConversation("Launch crew");
    await setHidden(alice, true);
    await bobApi.post(`/api/conversations/${dmId}/messages`, { text: "Muted ping" });
    await alice.page.waitForFunction(() => document.title.startsWith("(1)"));
    expect(await alice.page.evaluate(() => (window as unknown as { __notices: unknown[] }).__notices.length)).toBe(1);
    await setHidden(alice, false);
  });
});

describe("rough edges", () => {
  it("a page load fetches the conversation list and the open conversation's first page once each", async () => {
    const requests: string[] = [];
    const onRequest = (r: { url(): string; method(): string }) => {
      const u = new URL(r.url());
      if (r.method() === "GET" && u.pathname.startsWith("/api/conversations")) requests.push(u.pathname);
    };
    alice.page.on("request", onRequest);
    try {
      await alice.page.goto(`${scene.app.baseUrl}/chat/${dmId}`);
      await alice.waitForConnection("live");
      await alice.waitForMessage("Hi Bob");
      await alice.page.waitForTimeout(1000); // anything fetched twice would be on its way by now
    } finally {
      alice.page.off("request", onRequest);
    }
    expect(requests.filter((p) => p === "/api/conversations")).toHaveLength(1);
    expect(requests.filter((p) => p === `/api/conversations/${dmId}/messages`)).toHaveLength(1);
  });
});

describe("reading position", () => {
  it("opening a conversation with unread messages shows the divider above the first unread one and scrolls to it; DMs show Seen", async () => {
    for (let i = 1; i <= 30; i++) await carolApi.post(`/api/conversations/${groupId}/messages`, { text: `Backlog ${i}` });
    await alice.openConversation("Bob Jones");
    await alice.page.goto(`${scene.app.baseUrl}/chat/${groupId}`);
    await alice.waitForConnection("live");
    const divider = alice.page.getByTestId("new-messages-divider");
    await divider.waitFor();
    // Scrolled to the divider, not to the bottom: the first unread is on screen, the newest is not.
    await alice.message("Backlog 1").waitFor();
    expect(await alice.message("Backlog 1").isVisible()).toBe(true);
    const box = await divider.boundingBox();
    const scroller = await alice.scroller().boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(scroller!.y);
    expect(box!.y).toBeLessThan(scroller!.y + scroller!.height / 2);
    const newestInView = await alice.message("Backlog 30").evaluate((el) => {
      const s = el.closest('[data-testid="message-scroller"]')!.getBoundingClientRect();
      return el.getBoundingClientRect().top < s.bottom;
    });
    expect(newestInView).toBe(false);
    await alice.screenshot("06-alice-new-messages-divider");

    // Only what was on screen is read; scrolling down reads the rest.
    await expect.poll(() => alice.page.title(), { timeout: 15_000 }).toMatch(/^\(\d+\) /);
    await alice.scroller().evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect.poll(() => alice.page.title(), { timeout: 15_000 }).not.toMatch(/^\(/);

    await bob.openConversation("Alice Smith");
    await alice.openConversation("Bob Jones");
    await alice.send("Did you see this?");
    await alice.page.getByTestId("seen-marker").waitFor();
    await alice.screenshot("07-alice-seen");
  });

  it("a slow page load (late stylesheet, the list answering before the first page) does not count every message as read", async () => {
    for (let i = 1; i <= 30; i++) await carolApi.post(`/api/conversations/${groupId}/messages`, { text: `Late styles ${i}` });
    // On a loaded machine the CSS can arrive after the scripts ran; measured unstyled, the pane is as
    // tall as its content and every message looks "on screen".
    await alice.page.route(/\.css(\?|$)/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      await route.continue();
    });
    try {
      await alice.page.goto(`${scene.app.baseUrl}/chat/${groupId}`);
      await alice.page.getByTestId("new-messages-divider").waitFor();
      await alice.waitForConnection("live");
      await expect.poll(() => alice.message("Late styles 1").isVisible(), { timeout: 15_000 }).toBe(true);
      await expect.poll(() => alice.page.title(), { timeout: 15_000 }).toMatch(/^\(\d+\) Launch crew/);
    } finally {
      await alice.page.unroute(/\.css(\?|$)/);
    }
  });
});

describe("dark mode", () => {
  async function scan(chat: ChatPage, where: string) {
    const { violations, passed } = await axeViolations(chat.page);
    expect(passed, where).toContain("color-contrast");
    expect(violations, where).toEqual([]);
  }

  it("follows the system setting, and axe finds nothing in either theme", async () => {
    const context = await scene.browser.newContext({ viewport: DESKTOP, colorScheme: "dark" });
    try {
      const page = await context.newPage();
      await new AuthPage(page, scene.app.baseUrl).login({ username: "alice", password: PASSWORD });
      const chat = new ChatPage(page, "alice", scene.shots);
      await chat.waitForConnection("live");
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe("rgb(248, 250, 252)");
      await carolApi.post(`/api/conversations/${groupId}/messages`, { text: "Dark mode check" });
      await chat.conversationItem("Launch crew").getByTestId("unread-badge").waitFor();
      await scan(chat, "/chat dark");
      await chat.screenshot("08-alice-dark-list");
      await chat.openConversation("Launch crew");
      await chat.waitForMessage("Dark mode check");
      await scan(chat, "conversation dark");
      await chat.screenshot("09-alice-dark-conversation");

      await page.setViewportSize(PHONE);
      await chat.screenshot("10-alice-dark-conversation-375px");
      await page.setViewportSize(DESKTOP);
      await scan(chat, "conversation dark, after resize");
    } finally {
      await context.close();
    }
  });

  it("the theme control overrides the system and is remembered; light passes axe too", async () => {
    const select = alice.page.getByTestId("theme-select");
    await alice.page.goto(`${scene.app.baseUrl}/chat/${groupId}`);
    await alice.waitForConnection("live");
    await select.selectOption("dark");
    expect(await alice.page.evaluate(() => document.documentElement.className)).toBe("dark");
    await alice.page.reload();
    await alice.waitForConnection("live");
    expect(await alice.page.evaluate(() => document.documentElement.className)).toBe("dark");
    expect(await select.inputValue()).toBe("dark");
    await scan(alice, "conversation, dark chosen");
    await alice.screenshot("11-alice-dark-chosen");
    await select.selectOption("light");
    await scan(alice, "conversation, light chosen");
    await select.selectOption("system");
    expect(await alice.page.evaluate(() => document.documentElement.className)).toBe("");
  });
});
