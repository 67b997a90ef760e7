import fs from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext } from "playwright-core";
import { ROOT, startApp, tempDir, type AppHandle } from "../helpers/app-server";
import { expectNoAxeViolations } from "../helpers/axe";
import { launchChromium } from "../helpers/browser";
import { startOwnSockudo, type OwnSockudo } from "../helpers/own-sockudo";
import { AuthPage } from "../pages/auth-page";
import { ChatPage } from "../pages/chat-page";

/**
 * The chat in real Chromium with the pusher realtime mode: live updates through a real Sockudo
 * with pusher-js (never /api/stream), two people (bob on a 375 px phone), through a Sockudo crash.
 * The steps share state and run in order; after a failure the rest report it and stop.
 */
const SHOTS = path.join(ROOT, "test-results", "e2e-pusher");
const PASSWORD = "correct horse battery";
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 740 };

let sockudo: OwnSockudo;
let app: AppHandle;
let browser: Browser;
const contexts: Record<string, BrowserContext> = {};
const sockets: Record<string, string[]> = { alice: [], bob: [] };
const streams: string[] = [];
let alice: ChatPage;
let bob: ChatPage;
let failed: string | null = null;

async function person(name: "alice" | "bob", displayName: string, viewport = DESKTOP) {
  const context = await browser.newContext({ viewport, ...(viewport === PHONE ? { isMobile: true, hasTouch: true } : {}) });
  context.setDefaultTimeout(15_000);
  contexts[name] = context;
  const page = await context.newPage();
  page.on("websocket", (ws) => sockets[name].push(ws.url()));
  page.on("request", (r) => {
    if (new URL(r.url()).pathname === "/api/stream") streams.push(r.url());
  });
  await new AuthPage(page, app.baseUrl).register({ username: name, displayName, password: PASSWORD });
  const chat = new ChatPage(page, name, SHOTS);
  await chat.waitForConnection("live", 30_000);
  return chat;
}

function step(name: string, fn: () => Promise<void>, timeout?: number) {
  it(name, async () => {
    if (failed) throw new Error(`not run: the step "${failed}" failed`);
    try {
      await fn();
    } catch (err) {
      failed = name;
      throw err;
    }
  }, timeout);
}

beforeAll(async () => {
  fs.rmSync(SHOTS, { recursive: true, force: true });
  fs.mkdirSync(SHOTS, { recursive: true });
  sockudo = await startOwnSockudo();
  app = await startApp({ dataDir: tempDir("chat-e2e-pusher-"), name: "e2e-pusher", env: sockudo.appEnv });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await sockudo?.stop();
});

describe("chat in Chromium, pusher mode (Sockudo)", () => {
  step("alice and bob register and go live over Sockudo's WebSocket, not /api/stream", async () => {
    alice = await person("alice", "Alice Smith");
    bob = await person("bob", "Bob Jones", PHONE);
    for (const who of ["alice", "bob"]) expect(sockets[who].some((u) => u.startsWith(`ws://127.0.0.1:${sockudo.port}/app/${sockudo.key}`))).toBe(true);
    expect(streams).toEqual([]);
    await alice.screenshot("01-alice-live");
  });

  step("alice opens a DM with bob and sends; bob sees it live", async () => {
    await alice.startDirectMessage("Bob Jones");
    await alice.send("Hi Bob, over Pusher");
    await bob.conversationItem("Alice Smith").getByTestId("unread-badge").getByText("1").waitFor();
    await bob.openConversation("Alice Smith");
    await bob.waitForMessage("Hi Bob, over Pusher");
    await bob.send("Hi Alice, got it");
    await alice.waitForMessage("Hi Alice, got it");
    await bob.screenshot("02-bob-dm-375px");
  });

  step("presence and typing reach both over Sockudo", async () => {
    const wait = { timeout: 20_000 };
    // Bob's phone shows the open DM, not the list: its header says whether Alice is online.
    await bob.page.getByTestId("presence-text").getByText("Online").waitFor(wait);
    await alice.conversationItem("Bob Jones").getByTestId("presence-dot").and(alice.page.locator('[data-status="online"]')).waitFor(wait);
    await bob.composer().pressSequentially("Typing over Pus", { delay: 30 });
    const typingLine = alice.page.getByTestId("typing-indicator");
    await typingLine.getByText("Bob is typing…").waitFor(wait);
    await alice.screenshot("03a-alice-sees-bob-typing");
    await expectNoAxeViolations(alice.page, "alice (pusher mode): presence and typing");
    await bob.composer().pressSequentially("her", { delay: 30 });
    await bob.page.getByRole("button", { name: "Send" }).click();
    await alice.waitForMessage("Typing over Pusher");
    await expect.poll(() => typingLine.textContent(), wait).toBe("");
  });

  step("alice edits and deletes; bob sees both live", async () => {
    await alice.editMessage("Hi Bob, over Pusher", "Hi Bob, over Sockudo");
    await bob.waitForEdited("Hi Bob, over Sockudo");
    await alice.send("Oops, wrong chat");
    await bob.waitForMessage("Oops, wrong chat");
    await alice.deleteMessage("Oops, wrong chat");
    await bob.message("Oops, wrong chat").waitFor({ state: "detached" });
    expect(await bob.tombstones().count()).toBe(1);
    await bob.screenshot("03-bob-edit-and-tombstone-375px");
  });

  step("Sockudo crashes: both show reconnecting, sends still succeed and reach bob from the store", async () => {
    await sockudo.kill();
    await alice.waitForConnection("reconnecting", 30_000);
    await bob.waitForConnection("reconnecting", 30_000);
    await alice.send("Sent while Sockudo is down");
    await alice.send("And another one");
    // The client polls GET /api/events while its socket is down.
    await bob.waitForMessage("Sent while Sockudo is down", 30_000);
    await bob.waitForMessage("And another one", 30_000);
    await bob.screenshot("04-bob-sockudo-down-375px");
  }, 120_000);

  step("Sockudo returns: both go live again and talk live", async () => {
    await sockudo.start();
    await alice.waitForConnection("live", 60_000);
    await bob.waitForConnection("live", 60_000);
    await bob.send("Back over Pusher");
    await alice.waitForMessage("Back over Pusher");
    await alice.send("Welcome back");
    await bob.waitForMessage("Welcome back");
    expect(streams).toEqual([]);
    await alice.screenshot("05-alice-after-restart");
    await bob.screenshot("05-bob-after-restart-375px");
    // Nothing twice: each message appears once.
    for (const text of ["Typing over Pusher", "Sent while Sockudo is down", "And another one", "Back over Pusher", "Welcome back"]) {
      expect(await bob.message(text).count()).toBe(1);
    }
  }, 120_000);
});
