import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { ApiClient } from "../helpers/api-client";
import { ROOT, startApp, tempDir, type AppHandle } from "../helpers/app-server";
import { expectNoAxeViolations } from "../helpers/axe";
import { launchChromium } from "../helpers/browser";
import { ChatPage } from "../pages/chat-page";
import { NoJsChatPage } from "../pages/no-js-chat";

/**
 * The message forms as server actions: in Chromium with JavaScript disabled, alice (desktop) and
 * bob (375 px phone) read a conversation rendered on the server and send, edit and delete through
 * plain form posts, landing back with a notice. Then alice opens the same page with JavaScript:
 * it hydrates without a problem (the guard in helpers/browser.ts) and the live UI is the usual one.
 */
const SHOTS = path.join(ROOT, "test-results", "no-js");
const PASSWORD = "correct horse battery";
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 740 };

let app: AppHandle;
let browser: Browser;
let aliceApi: ApiClient;
let bobApi: ApiClient;
let dm: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  fs.rmSync(SHOTS, { recursive: true, force: true });
  fs.mkdirSync(SHOTS, { recursive: true });
  app = await startApp({ dataDir: tempDir("chat-nojs-"), name: "nojs" });
  browser = await launchChromium();
  aliceApi = new ApiClient(app.baseUrl);
  bobApi = new ApiClient(app.baseUrl);
  await aliceApi.signUp("alice", PASSWORD, "Alice Smith");
  const bob = await bobApi.signUp("bob", PASSWORD, "Bob Jones");
  dm = (await aliceApi.post("/api/conversations", { type: "direct", userId: bob.id })).body.conversation.id;
  expect((await bobApi.post(`/api/conversations/${dm}/messages`, { text: "Hello **Alice**, are you there?" })).status).toBe(201);
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await app?.stop();
});

/** A signed-in browser context (the session cookie of the API client's sign-in). */
async function signedIn(api: ApiClient, opts: { javaScriptEnabled: boolean; viewport: typeof DESKTOP; phone?: boolean }): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled: opts.javaScriptEnabled,
    viewport: opts.viewport,
    ...(opts.phone ? { isMobile: true, hasTouch: true } : {}),
  });
  context.setDefaultTimeout(15_000);
  contexts.push(context);
  const host = new URL(app.baseUrl).hostname;
  await context.addCookies(
    api.cookieHeader().split("; ").filter(Boolean).map((pair) => {
      const i = pair.indexOf("=");
      return { name: pair.slice(0, i), value: pair.slice(i + 1), domain: host, path: "/" };
    }),
  );
  return context.newPage();
}

async function history(api: ApiClient): Promise<{ text: string | null; editedAt: string | null }[]> {
  const res = await api.get(`/api/conversations/${dm}/messages?limit=100`);
  return res.body.messages.filter((m: { senderId?: string }) => m.senderId).reverse();
}

describe("message forms without JavaScript", () => {
  let alice: NoJsChatPage;

  it("shows the conversation and the list from the server", async () => {
    alice = new NoJsChatPage(await signedIn(aliceApi, { javaScriptEnabled: false, viewport: DESKTOP }), app.baseUrl, SHOTS);
    await alice.open(dm);
    await alice.page.getByTestId("conversation-heading").getByText("Bob Jones").waitFor();
    await alice.message("Hello Alice, are you there?").waitFor();
    await alice.page.getByTestId("conversation-item").getByText("Bob Jones").waitFor();
    // Without the browser's zone, times are UTC and say so.
    expect(await alice.message("Hello Alice, are you there?").locator("time").textContent()).toMatch(/^\d\d:\d\d UTC$/);
    // Someone else's message has no edit or delete forms.
    expect(await alice.message("Hello Alice, are you there?").getByRole("link", { name: "Edit or delete" }).count()).toBe(0);
    await alice.shot("01-alice-conversation");
  });

  it("sends, and lands back in the conversation with the message and a notice", async () => {
    await alice.send("Sent without JavaScript");
    await alice.message("Sent without JavaScript").waitFor();
    expect(await alice.notice().getAttribute("role")).toBe("status");
    expect(await alice.notice().textContent()).toBe("Message sent.");
    expect((await history(bobApi)).map((m) => m.text)).toEqual(["Hello **Alice**, are you there?", "Sent without JavaScript"]);
    await alice.shot("02-alice-sent");
  });

  it("shows why an empty or too long message was not sent, and stores nothing", async () => {
    await alice.send("   ");
    expect(await alice.notice().getAttribute("role")).toBe("alert");
    expect(await alice.notice().textContent()).toBe("Not sent: a message cannot be empty.");
    await alice.shot("03-alice-empty");
    await alice.send("x".repeat(4001));
    expect(await alice.notice().textContent()).toBe("Not sent: a message can be at most 4000 characters.");
    expect(await alice.page.getByTestId("form-notice").count()).toBe(1);
    expect((await history(bobApi)).length).toBe(2);
    await alice.shot("04-alice-too-long");
  });

  it("edits and deletes her own message through its forms", async () => {
    await alice.edit("Sent without JavaScript", "Edited without JavaScript");
    await alice.message("Edited without JavaScript").getByTestId("edited-marker").waitFor();
    expect(await alice.notice().textContent()).toBe("Message edited.");
    await alice.shot("05-alice-edited");
    expect((await history(bobApi)).map((m) => m.text)).toContain("Edited without JavaScript");

    await alice.openForms("Edited without JavaScript");
    await alice.shot("06-alice-forms-open");
    await alice.remove("Edited without JavaScript");
    expect(await alice.notice().textContent()).toBe("Message deleted.");
    await alice.page.getByTestId("message").filter({ hasText: "This message was deleted" }).waitFor();
    expect((await history(bobApi)).map((m) => m.text)).toEqual(["Hello **Alice**, are you there?", null]);
    await alice.shot("07-alice-deleted");
  });

  it("works at phone width too: bob answers from a 375 px screen", async () => {
    const bob = new NoJsChatPage(await signedIn(bobApi, { javaScriptEnabled: false, viewport: PHONE, phone: true }), app.baseUrl, SHOTS);
    await bob.open(dm);
    await bob.message("Hello Alice, are you there?").waitFor();
    await bob.send("Answer from a phone");
    await bob.message("Answer from a phone").waitFor();
    expect(await bob.notice().textContent()).toBe("Message sent.");
    await bob.shot("08-bob-phone-sent");
  });

  it("has no accessibility violations as served (axe), forms open or closed", async () => {
    expect((await aliceApi.post(`/api/conversations/${dm}/messages`, { text: "Checked by axe" })).status).toBe(201);
    // axe needs script: the same server HTML, in a page whose bundles never load (as before they arrive).
    const page = await signedIn(aliceApi, { javaScriptEnabled: true, viewport: DESKTOP });
    await page.route(/\/_next\/static\/.*\.js(\?|$)/, (route) => route.abort());
    const before = new NoJsChatPage(page, app.baseUrl, SHOTS);
    await page.goto(`${app.baseUrl}/chat/${dm}?notice=empty`);
    await before.message("Checked by axe").waitFor();
    await expectNoAxeViolations(page, "conversation before hydration");
    await before.openForms("Checked by axe");
    await expectNoAxeViolations(page, "conversation before hydration, edit and delete forms open");
    await before.shot("09-before-hydration-forms");
  });
});

describe("the same page with JavaScript", () => {
  it("hydrates without errors and keeps the live, optimistic UI", async () => {
    const page = await signedIn(aliceApi, { javaScriptEnabled: true, viewport: DESKTOP });
    const posts: string[] = [];
    page.on("request", (req) => {
      if (req.method() === "POST" && new URL(req.url()).pathname.startsWith("/chat")) posts.push(req.url());
    });
    const chat = new ChatPage(page, "alice", SHOTS);
    await page.goto(`${app.baseUrl}/chat/${dm}?notice=sent#latest`);
    await chat.waitForConnection("live");
    await chat.waitForMessage("Answer from a phone");
    // Hydrated: the no-JavaScript forms are gone, times follow the browser, the menu is back.
    await expect.poll(() => page.getByTestId("message-forms-link").count(), { timeout: 15_000 }).toBe(0);
    expect(await chat.message("Answer from a phone").locator("time").textContent()).not.toMatch(/UTC/);

    await chat.composer().fill("Sent with JavaScript");
    await chat.composer().press("Enter");
    await chat.waitForMessage("Sent with JavaScript");
    await expect
      .poll(async () => (await history(bobApi)).map((m) => m.text).at(-1), { timeout: 15_000 })
      .toBe("Sent with JavaScript");
    const mine = chat.message("Sent with JavaScript");
    await mine.hover();
    await mine.getByRole("button", { name: "Edit" }).waitFor();
    // The optimistic path went through the JSON API, never a form post to the page.
    expect(posts).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, "10-alice-hydrated.png") });
  });
});
