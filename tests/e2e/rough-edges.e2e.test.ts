import path from "node:path";
import type { Page, Route } from "playwright-core";
import { ApiClient } from "../helpers/api-client";
import { expectNoAxeViolations } from "../helpers/axe";
import { AuthPage } from "../pages/auth-page";
import { ChatPage } from "../pages/chat-page";
import { browserScenario, DESKTOP, PASSWORD, PHONE } from "../helpers/browser-scenario";

/**
 * Issue 9 §6 in real Chromium, each with the check that would have caught it: dialogs start in
 * their field, "Group renamed." shows, skeletons while loading, a phone's long-press action sheet
 * and Enter = new line, the signed-out hint on /chat, group names at 375 px.
 */
const scene = browserScenario({ name: "rough-edges", shots: "rough-edges" });
const person = (name: string, phone = false) => scene.person(name, { signIn: "login", viewport: phone ? PHONE : DESKTOP });
const WAIT = { timeout: 15_000 };

let alice: ChatPage;
let bob: ChatPage;

/** Holds matching requests until released: the loading state can be looked at, no timing involved. */
async function hold(page: Page, pattern: RegExp) {
  const held: Route[] = [];
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  await page.route(pattern, async (route) => {
    held.push(route);
    await released;
    await route.continue().catch(() => {});
  });
  return {
    seen: () => held.length,
    release: async () => {
      release();
      await page.unroute(pattern);
    },
  };
}

beforeAll(async () => {
  const a = new ApiClient(scene.app.baseUrl);
  const b = new ApiClient(scene.app.baseUrl);
  const ua = await a.signUp("alice", PASSWORD, "Alice Smith");
  const ub = await b.signUp("bob", PASSWORD, "Bob Jones");
  const dm = (await a.post("/api/conversations", { type: "direct", userId: ub.id })).body.conversation;
  await a.post(`/api/conversations/${dm.id}/messages`, { text: "Lunch at noon?" });
  await a.post("/api/conversations", { type: "group", name: "Launch crew", memberIds: [ub.id] });
  await b.post("/api/conversations", { type: "group", name: "Quarterly planning for the northern region", memberIds: [ua.id] });
  alice = await person("alice");
  bob = await person("bob", true);
}, 120_000);

describe("rough edges", () => {
  it("/chat signed out says to sign in", async () => {
    const context = await scene.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${scene.app.baseUrl}/chat`);
    await page.waitForURL(/\/login\?callbackUrl=%2Fchat/, WAIT);
    await page.getByText("Please sign in to see your conversations.").waitFor(WAIT);
    expect(await page.getByLabel("Username").evaluate((el) => el === document.activeElement)).toBe(true);
    await context.close();
  });

  it("the New message and New group dialogs start in their search / name field", async () => {
    await alice.page.getByRole("button", { name: "New message" }).click();
    const search = alice.page.getByRole("dialog", { name: "New message" }).getByLabel("Who do you want to message?");
    await expect.poll(() => search.evaluate((el) => el === document.activeElement), WAIT).toBe(true);
    await alice.page.keyboard.press("Escape");
    await alice.page.getByRole("button", { name: "New group" }).click();
    const name = alice.page.getByRole("dialog", { name: "New group" }).getByLabel("Group name");
    await expect.poll(() => name.evaluate((el) => el === document.activeElement), WAIT).toBe(true);
    await alice.page.keyboard.press("Escape");
  });

  it("the people picker shows a loading skeleton instead of a blank", async () => {
    const users = await hold(alice.page, /\/api\/users/);
    await alice.page.getByRole("button", { name: "New message" }).click();
    const dialog = alice.page.getByRole("dialog", { name: "New message" });
    await dialog.getByRole("status").filter({ hasText: "Loading people…" }).waitFor(WAIT);
    await expect.poll(users.seen, WAIT).toBeGreaterThan(0);
    await alice.screenshot("01-people-picker-loading");
    await users.release();
    await dialog.getByRole("button", { name: /Bob Jones/ }).waitFor(WAIT);
    expect(await dialog.getByTestId("skeleton").count()).toBe(0);
    await alice.page.keyboard.press("Escape");
  });

  // Since the pages are rendered with their data (issue 11, server actions), a fresh load shows the
  // list and the messages before the client's own requests answer: no skeleton to wait through.
  it("the conversation list and the message pane come with the page, not after skeletons", async () => {
    const context = await scene.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await new AuthPage(page, scene.app.baseUrl).login({ username: "alice", password: PASSWORD });
    await page.getByTestId("conversation-item").first().waitFor(WAIT);
    const list = await hold(page, /\/api\/conversations($|\?)/);
    const history = await hold(page, /\/api\/conversations\/[^/]+\/messages/);
    const dmUrl = await page.getByTestId("conversation-item").filter({ hasText: "Bob Jones" }).getByRole("link").getAttribute("href");
    await page.goto(`${scene.app.baseUrl}${dmUrl}`);
    // The client's list and history requests are held: what shows came with the page.
    await page.getByTestId("message-text").getByText("Lunch at noon?").waitFor(WAIT);
    await page.getByTestId("conversation-item").filter({ hasText: "Bob Jones" }).waitFor(WAIT);
    expect(await page.getByTestId("skeleton").count()).toBe(0);
    await page.screenshot({ path: path.join(scene.shots, "02-rendered-with-data.png") });
    await expectNoAxeViolations(page, "rendered with data");
    await list.release();
    await history.release();
    await page.getByTestId("message").getByText("Lunch at noon?").waitFor(WAIT);
    await context.close();
  });

  it('says "Group renamed." after a rename', async () => {
    await alice.openConversation("Launch crew");
    await alice.openGroupDetails();
    const field = alice.page.getByLabel("Group name");
    await field.fill("Launch crew 🚀");
    await alice.page.getByRole("button", { name: "Rename" }).click();
    await alice.heading().getByText("Launch crew 🚀", { exact: true }).waitFor(WAIT);
    await alice.page.getByRole("status").filter({ hasText: "Group renamed." }).waitFor(WAIT);
    await alice.screenshot("03-group-renamed");
    await alice.closeGroupDetails();
  });

  it("phone: a group name is never cut off without a way to read it", async () => {
    const clipped = () => bob.heading().evaluate((el) => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1);
    await bob.openConversation("Launch crew 🚀");
    expect(await clipped()).toBe(false); // fits: was "Launc…"
    expect(await bob.heading().getByRole("button").count()).toBe(0);

    const long = "Quarterly planning for the northern region";
    await bob.openConversation(long);
    await bob.screenshot("04-long-group-name-folded-375px");
    const toggle = bob.heading().getByRole("button");
    await toggle.and(bob.page.getByRole("button", { name: "Show the whole name" })).waitFor(WAIT); // too long for two lines
    await toggle.click();
    await expect.poll(() => toggle.getAttribute("aria-expanded"), WAIT).toBe("true");
    expect(await clipped()).toBe(false);
    await bob.screenshot("05-long-group-name-unfolded-375px");
    await expectNoAxeViolations(bob.page, "phone: long group name");
  });

  it("phone: long-press opens the action sheet; a visible button does too; Enter is a new line and Send sends", async () => {
    expect(await bob.isTouch()).toBe(true);
    await bob.openConversation("Alice Smith");
    const msg = bob.message("Lunch at noon?");
    await msg.getByRole("button", { name: "More actions" }).waitFor(WAIT);
    // A finger held on the bubble (pointer events as a touch screen sends them).
    await msg.getByTestId("message-text").dispatchEvent("pointerdown", { pointerType: "touch", isPrimary: true, clientX: 60, clientY: 200 });
    const sheet = bob.page.getByRole("dialog", { name: "Message actions" });
    await sheet.waitFor(WAIT);
    expect(await sheet.getByRole("button").allInnerTexts()).toEqual(["React", "Reply", "Cancel"]);
    await bob.screenshot("06-action-sheet-375px");
    await expectNoAxeViolations(bob.page, "phone: action sheet");
    await sheet.getByRole("button", { name: "Reply" }).click();
    await sheet.waitFor({ state: "hidden", ...WAIT });
    await bob.page.getByText(/Replying to/).waitFor(WAIT);

    await bob.composer().fill("Yes");
    await bob.composer().press("Enter");
    await bob.composer().pressSequentially("see you there");
    expect(await bob.composer().inputValue()).toBe("Yes\nsee you there");
    await bob.page.getByRole("button", { name: "Send", exact: true }).click();
    await alice.openConversation("Bob Jones");
    await alice.waitForMessage("Yes\nsee you there", 15_000);
    await bob.screenshot("07-sent-with-button-375px");

    // On my own message the sheet also offers Edit and Delete.
    await (await bob.messageActions("Yes\nsee you there")).getByRole("button", { name: "Cancel" }).waitFor(WAIT);
    expect(await bob.page.getByRole("dialog", { name: "Message actions" }).getByRole("button").allInnerTexts()).toEqual(["React", "Reply", "Edit", "Delete", "Cancel"]);
    await bob.page.getByRole("dialog", { name: "Message actions" }).getByRole("button", { name: "Cancel" }).click();
    await scene.context("bob").pages()[0].getByRole("dialog", { name: "Message actions" }).waitFor({ state: "hidden", ...WAIT });
  });
});
