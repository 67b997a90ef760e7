import fs from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext } from "playwright-core";
import { ApiClient } from "../helpers/api-client";
import { ROOT, startApp, tempDir, type AppHandle } from "../helpers/app-server";
import { launchChromium } from "../helpers/browser";
import { AuthPage } from "../pages/auth-page";
import { ChatPage } from "../pages/chat-page";

/**
 * Issue 9 in real Chromium: nothing the person wrote is lost (offline sends go out by themselves,
 * drafts survive reloads), and people notice what happened while they looked elsewhere.
 * Alice on a desktop, Bob on a 375 px phone; Carol talks through the API.
 */
const SHOTS = path.join(ROOT, "test-results", "awareness");
const PASSWORD = "correct horse battery";
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 740 };

let app: AppHandle;
let browser: Browser;
const contexts: Record<string, BrowserContext> = {};
let alice: ChatPage;
let bob: ChatPage;
let bobApi: ApiClient;
let carolApi: ApiClient;
let dmId: string;

async function person(name: "alice" | "bob", displayName: string, viewport = DESKTOP) {
  const context = await browser.newContext({ viewport, ...(viewport === PHONE ? { isMobile: true, hasTouch: true } : {}) });
  context.setDefaultTimeout(15_000);
  contexts[name] = context;
  const page = await context.newPage();
  await new AuthPage(page, app.baseUrl).login({ username: name, password: PASSWORD });
  const chat = new ChatPage(page, name, SHOTS);
  await chat.waitForConnection("live");
  return chat;
}

beforeAll(async () => {
  fs.rmSync(SHOTS, { recursive: true, force: true });
  fs.mkdirSync(SHOTS, { recursive: true });
  app = await startApp({ dataDir: tempDir("chat-awareness-"), name: "awareness" });
  browser = await launchChromium();
  const a = new ApiClient(app.baseUrl);
  bobApi = new ApiClient(app.baseUrl);
  carolApi = new ApiClient(app.baseUrl);
  await a.signUp("alice", PASSWORD, "Alice Smith");
  const b = await bobApi.signUp("bob", PASSWORD, "Bob Jones");
  await carolApi.signUp("carol", PASSWORD, "Carol King");
  dmId = (await a.post("/api/conversations", { type: "direct", userId: b.id })).body.conversation.id;
  await a.post(`/api/conversations/${dmId}/messages`, { text: "Hi Bob" });
  alice = await person("alice", "Alice Smith");
  bob = await person("bob", "Bob Jones", PHONE);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("never lose what the person wrote", () => {
  it("a message written offline is delivered once after the connection returns, with no click", async () => {
    await bob.openConversation("Alice Smith");
    await alice.openConversation("Bob Jones");
    await contexts.bob.setOffline(true);
    await bob.waitForConnection("reconnecting");
    await bob.composer().fill("Written on the train");
    await bob.composer().press("Enter");
    await bob.message("Written on the train").and(bob.page.locator('[data-status="waiting"]')).waitFor();
    await bob.screenshot("01-bob-offline-waiting-375px");

    await contexts.bob.setOffline(false);
    await bob.waitForConnection("live", 30_000);
    await bob.message("Written on the train").and(bob.page.locator('[data-status="sent"]')).waitFor({ timeout: 30_000 });
    await alice.waitForMessage("Written on the train");
    await bob.screenshot("02-bob-delivered-375px");

    const history = await bobApi.get(`/api/conversations/${dmId}/messages?limit=50`);
    expect(history.body.messages.filter((m: { text: string }) => m.text === "Written on the train")).toHaveLength(1);
    expect(await alice.message("Written on the train").count()).toBe(1);
  }, 90_000);

  it("a message still waiting when the page is reloaded is sent from the outbox after the reload", async () => {
    await contexts.bob.setOffline(true);
    await bob.waitForConnection("reconnecting");
    await bob.composer().fill("Sent before the tab was reloaded");
    await bob.composer().press("Enter");
    await bob.message("Sent before the tab was reloaded").and(bob.page.locator('[data-status="waiting"]')).waitFor();
    await contexts.bob.setOffline(false);
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
