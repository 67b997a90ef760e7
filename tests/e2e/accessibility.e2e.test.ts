import fs from "node:fs";
import { createRequire } from "node:module";
import { type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import type * as Axe from "axe-core";
import { ApiClient } from "../helpers/api-client";
import { startApp, tempDir, type AppHandle } from "../helpers/app-server";
import { launchChromium } from "../helpers/browser";
import { AuthPage } from "../pages/auth-page";
import { ChatPage } from "../pages/chat-page";

/**
 * The UI's accessibility claims, checked in real Chromium against `next start`: axe-core's WCAG 2.0/2.1
 * A and AA rules (contrast, names and labels, structure, ARIA) on every screen and state people see, at
 * desktop and phone widths, plus keyboard walks that check the tab order and that focus is visible.
 * No axe rule is disabled: a violation fails the test and prints what to fix and where.
 */
const PASSWORD = "correct horse battery";
const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 375, height: 740 },
} as const;
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const alice = { username: "alice", displayName: "Alice Smith", password: PASSWORD };
const bob = { username: "bob", displayName: "Bob Jones", password: PASSWORD };

let app: AppHandle;
let browser: Browser;
let dmId: string;
let groupId: string;
/** Bob, over the API: writes in the group so alice has something unread. */
let bobApi: ApiClient;

type Violation = Pick<Axe.Result, "id" | "impact" | "help" | "helpUrl"> & {
  nodes: { target: string[]; failureSummary?: string; html: string }[];
};

/**
 * Waits until CSS transitions and finite animations have finished, so axe judges what people see
 * once the screen is still and not, say, a button half-way through fading out (endless decorative
 * animations such as the "reconnecting" pulse are not waited for).
 */
async function settle(page: Page) {
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState !== "running" || a.effect?.getComputedTiming().iterations === Infinity),
  );
}

/** Runs axe on the page as it is now: the WCAG A/AA violations, the rules that passed, and what axe could not decide. */
async function runAxe(page: Page): Promise<{ violations: Violation[]; passed: string[]; incomplete: Violation[] }> {
  await settle(page);
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: typeof Axe }).axe;
    const results = await axe.run(document, { runOnly: { type: "tag", values: tags } });
    const plain = (v: Axe.Result) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String), failureSummary: n.failureSummary, html: n.html })),
    });
    return { violations: results.violations.map(plain), passed: results.passes.map((p) => p.id), incomplete: results.incomplete.map(plain) };
  }, WCAG_TAGS);
}

function report(where: string, violations: Violation[]): string {
  return violations
    .map((v) =>
      [
        `[${where}] ${v.id} (${v.impact}): ${v.help}\n  ${v.helpUrl}`,
        ...v.nodes.map(
          (n) => `  - ${n.target.join(" ")}\n    ${n.html.slice(0, 200)}\n    ${(n.failureSummary ?? "").replace(/\n/g, "\n    ")}`,
        ),
      ].join("\n"),
    )
    .join("\n");
}

/** Asserts zero violations; on failure the message names each rule, its impact and the failing nodes. */
async function expectAccessible(page: Page, where: string) {
  // After a client-side navigation Next.js applies the new page's <title> a moment after the UI
  // appears; let navigation settle. A title that never comes still fails axe's document-title.
  await page.waitForFunction(() => document.title.trim() !== "", null, { timeout: 5_000 }).catch(() => {});
  const { violations, passed, incomplete } = await runAxe(page);
  // Guards against a vacuous pass (axe not injected, page empty): text was found and its contrast checked.
  expect(passed, `[${where}] rules that passed`).toContain("color-contrast");
  // "Needs review" results are not failures; A11Y_VERBOSE=1 lists them for a manual look.
  if (process.env.A11Y_VERBOSE && incomplete.length) console.log(`needs review:\n${report(where, incomplete)}`);
  if (violations.length) console.error(report(where, violations));
  expect(violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), report(where, violations)).toEqual([]);
}

interface TabStop {
  /** Tag, type and a readable name, e.g. `input[password] "Password"`; "body" when focus left the page. */
  what: string;
  /**
   * The focused element draws a focus indicator (a computed outline or box-shadow that is not "none")
   * and is not hidden under something else, such as a panel laid over it.
   */
  visible: boolean;
}

/** Describes the focused element and whether focus is visible on it. */
async function focused(page: Page): Promise<TabStop> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { what: "body", visible: false };
    const s = getComputedStyle(el);
    const label = (el as HTMLInputElement).labels?.[0]?.textContent ?? null;
    const name = (el.getAttribute("aria-label") ?? label ?? el.textContent ?? "").replace(/\s+/g, " ").trim();
    const type = el.getAttribute("type");
    const indicator = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    const onTop = hit !== null && (el.contains(hit) || hit.contains(el));
    const what = `${el.tagName.toLowerCase()}${type ? `[${type}]` : ""} "${name}"`;
    return { what: onTop ? what : `${what} (covered by ${hit?.tagName.toLowerCase()}.${hit?.className})`, visible: indicator && onTop };
  });
}

/**
 * Presses Tab until `done` holds for the stop reached (included), focus leaves the page, or `max`
 * presses. Returns every stop on the way.
 */
async function tabUntil(page: Page, done: (stop: TabStop) => boolean, max = 40): Promise<TabStop[]> {
  const stops: TabStop[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const stop = await focused(page);
    if (stop.what === "body") break;
    stops.push(stop);
    if (done(stop)) break;
  }
  return stops;
}

const route = (stops: TabStop[]) => `tab stops: ${stops.map((s) => `${s.what}${s.visible ? "" : " (FOCUS NOT VISIBLE)"}`).join(" → ")}`;
const invisible = (stops: TabStop[]) => stops.filter((s) => !s.visible).map((s) => s.what);

/** Moves the sequential focus starting point to `locator` (focusing it), or to the top of the page. */
async function startTabbingAt(page: Page, locator?: Locator) {
  if (locator) return locator.focus();
  // Focus a temporary, untabbable element placed first in <body>: the next Tab goes to the first stop.
  await page.evaluate(() => {
    document.getElementById("a11y-tab-start")?.remove();
    const start = document.createElement("div");
    start.tabIndex = -1;
    start.id = "a11y-tab-start";
    document.body.prepend(start);
    start.focus();
  });
}

/**
 * Esc closes a dialog. In a filled search box Chromium's first Esc clears the box instead (the
 * native behaviour of <input type="search">), so a second Esc closes the dialog.
 */
async function closeWithEscape(page: Page, dialog: Locator) {
  await page.keyboard.press("Escape");
  if (await dialog.isVisible()) {
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe("search");
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe("");
    await page.keyboard.press("Escape");
  }
  await dialog.waitFor({ state: "hidden" });
}

async function newPage(viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
  const phone = viewport.width < 768;
  const context = await browser.newContext({ viewport, ...(phone ? { isMobile: true, hasTouch: true } : {}) });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.on("pageerror", (err) => console.error("page error:", err));
  return { context, page };
}

beforeAll(async () => {
  app = await startApp({ dataDir: tempDir("chat-a11y-"), name: "a11y" });
  browser = await launchChromium();

  // The content every state needs, through the API: a DM with an edited and a deleted message and
  // messages from both sides, and a group where alice is admin.
  const a = new ApiClient(app.baseUrl);
  const b = (bobApi = new ApiClient(app.baseUrl));
  await a.signUp(alice.username, PASSWORD, alice.displayName);
  const bobUser = await b.signUp(bob.username, PASSWORD, bob.displayName);
  const ok = <T>(res: { status: number; body: T }, what: string) => {
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  dmId = ok(await a.post("/api/conversations", { type: "direct", userId: bobUser.id }), "open DM").conversation.id;
  const first = ok(await a.post(`/api/conversations/${dmId}/messages`, { text: "Hi Bob! Lunch at noon?" }), "send").message;
  ok(await b.post(`/api/conversations/${dmId}/messages`, { text: "Sounds good.\nSee you there." }), "reply");
  ok(await a.patch(`/api/messages/${first.id}`, { text: "Hi Bob! Lunch at 12:30?" }), "edit");
  const oops = ok(await a.post(`/api/conversations/${dmId}/messages`, { text: "Oops, wrong chat" }), "send").message;
  ok(await a.del(`/api/messages/${oops.id}`), "delete");
  ok(await a.post(`/api/conversations/${dmId}/messages`, { text: "See you at 12:30 then" }), "send");

  groupId = ok(await a.post("/api/conversations", { type: "group", name: "Launch crew", memberIds: [bobUser.id] }), "group")
    .conversation.id;
  ok(await a.post(`/api/conversations/${groupId}/messages`, { text: "Welcome to the launch crew" }), "send");
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

for (const [size, viewport] of Object.entries(VIEWPORTS)) {
  describe(`axe (WCAG 2.1 A/AA) at ${viewport.width}x${viewport.height}`, () => {
    let context: BrowserContext;
    let page: Page;
    let chat: ChatPage;
    const where = (what: string) => `${what} @${size}`;

    beforeAll(async () => {
      ({ context, page } = await newPage(viewport));
      chat = new ChatPage(page, "alice", "");
    });
    afterAll(async () => {
      await context?.close();
    });

    it("home page", async () => {
      await page.goto(app.baseUrl);
      await page.getByRole("link", { name: "Create an account" }).waitFor();
      await expectAccessible(page, where("/"));
    });

    it("sign-in page, empty, with validation errors and with a server error", async () => {
      await page.goto(`${app.baseUrl}/login`);
      await page.getByRole("button", { name: "Sign in" }).waitFor();
      await expectAccessible(page, where("/login"));

      await page.getByRole("button", { name: "Sign in" }).click();
      await page.locator('[id$="-error"]').first().waitFor();
      await expectAccessible(page, where("/login with validation errors"));

      await page.getByLabel("Username").fill("nobody");
      await page.getByLabel("Password").fill("wrong password");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("alert").getByText("Wrong username or password.").waitFor();
      await expectAccessible(page, where("/login with a wrong password"));
    });

    it("registration page, empty and with validation errors", async () => {
      await page.goto(`${app.baseUrl}/register`);
      await page.getByRole("button", { name: "Create account" }).waitFor();
      await expectAccessible(page, where("/register"));

      await page.getByRole("button", { name: "Create account" }).click();
      await page.locator('[id$="-error"]').first().waitFor();
      await expectAccessible(page, where("/register with validation errors"));
    });

    it("conversation list, with an unread badge", async () => {
      const res = await bobApi.post(`/api/conversations/${groupId}/messages`, { text: `Glad to be here (${size})` });
      expect(res.status).toBe(201);
      await new AuthPage(page, app.baseUrl).login(alice);
      await chat.waitForConnection("live");
      await chat.conversationItem("Launch crew").getByTestId("unread-badge").waitFor();
      await expectAccessible(page, where("/chat"));
    });

    it("new message dialog, with search results", async () => {
      await page.getByRole("button", { name: "New message" }).click();
      const dialog = page.getByRole("dialog", { name: "New message" });
      await dialog.getByLabel("Who do you want to message?").fill("bo");
      await dialog.getByRole("button", { name: /Bob Jones/ }).waitFor();
      await expectAccessible(page, where("New message dialog"));
      await closeWithEscape(page, dialog);
    });

    it("new group dialog, with a name, results and a selected member", async () => {
      await page.getByRole("button", { name: "New group" }).click();
      const dialog = page.getByRole("dialog", { name: "New group" });
      await dialog.getByLabel("Group name").fill("Design");
      await dialog.getByLabel("Add people").fill("bo");
      await dialog.getByRole("checkbox", { name: /Bob Jones/ }).check();
      await dialog.getByRole("list", { name: "Selected members" }).waitFor();
      await expectAccessible(page, where("New group dialog"));

      // A blank name is refused before anything is sent, with an error under the field.
      await dialog.getByLabel("Group name").fill("");
      await dialog.getByRole("button", { name: "Create group" }).click();
      await dialog.locator('[id$="-name-error"]').waitFor();
      await expectAccessible(page, where("New group dialog with an error"));
      await closeWithEscape(page, dialog);
    });

    it("direct conversation: own and received messages, edited marker, tombstone", async () => {
      await page.goto(`${app.baseUrl}/chat/${dmId}`);
      await chat.waitForConnection("live");
      await chat.waitForEdited("Hi Bob! Lunch at 12:30?");
      await chat.waitForMessage("Sounds good.\nSee you there.");
      await chat.waitForMessage("See you at 12:30 then");
      expect(await chat.tombstones().count()).toBe(1);
      await expectAccessible(page, where(`/chat/${dmId}`));
    });

    it("direct conversation with an own message's actions showing, and the delete confirmation", async () => {
      const own = chat.message("See you at 12:30 then");
      // Hover on desktop, the action sheet on a phone: how people reveal Edit and Delete.
      const actions = await chat.messageActions("See you at 12:30 then");
      if (!(await chat.isTouch())) {
        await page.waitForFunction(
          (el) => el !== null && getComputedStyle(el).opacity === "1",
          await actions.elementHandle(),
        );
      }
      await expectAccessible(page, where("own message actions"));

      await actions.getByRole("button", { name: "Delete" }).click();
      await own.getByRole("alertdialog").waitFor();
      await expectAccessible(page, where("delete confirmation"));
      await own.getByRole("alertdialog").getByRole("button", { name: "Cancel" }).click();

      await (await chat.messageActions("Hi Bob! Lunch at 12:30?")).getByRole("button", { name: "Edit" }).click();
      await page.getByRole("textbox", { name: "Edit message" }).waitFor();
      await expectAccessible(page, where("editing a message"));
      await page.keyboard.press("Escape");
    });

    it("group conversation with the details panel open", async () => {
      await page.goto(`${app.baseUrl}/chat/${groupId}`);
      await chat.waitForConnection("live");
      await chat.waitForMessage(`Glad to be here (${size})`);
      await chat.openGroupDetails();
      await expectAccessible(page, where(`/chat/${groupId} with details`));

      await page.getByTestId("group-panel").getByRole("button", { name: "Add people" }).click();
      await page.getByLabel("Add someone to the group").waitFor();
      await expectAccessible(page, where("group details, adding people"));
    });
  });
}

describe("keyboard", () => {
  it("sign-in: Tab reaches username, password and the submit button in order, each with visible focus", async () => {
    const { context, page } = await newPage(VIEWPORTS.desktop);
    try {
      await page.goto(`${app.baseUrl}/login`);
      await page.getByRole("button", { name: "Sign in" }).waitFor();
      // The username field has focus on arrival; walk from the top of the page.
      expect(await page.getByLabel("Username").evaluate((el) => el === document.activeElement)).toBe(true);
      await startTabbingAt(page);
      const stops = await tabUntil(page, () => false, 15);
      const order = stops.map((s) => s.what);
      const username = order.indexOf('input "Username"');
      expect(username, route(stops)).toBeGreaterThanOrEqual(0);
      expect(order.slice(username, username + 3), route(stops)).toEqual([
        'input "Username"',
        'input[password] "Password"',
        'button[submit] "Sign in"',
      ]);
      // Every stop on the page, not only these three, shows where focus is.
      expect(invisible(stops), route(stops)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    it(`chat at ${size} width: Tab reaches the composer with visible focus at every stop, and Enter sends`, async () => {
      const { context, page } = await newPage(viewport);
      try {
        await new AuthPage(page, app.baseUrl).login(alice);
        const chat = new ChatPage(page, "alice", "");
        await page.goto(`${app.baseUrl}/chat/${dmId}`);
        await chat.waitForConnection("live");
        await chat.waitForMessage("See you at 12:30 then");

        // From the top of the page (the composer has autofocus, so move away from it first).
        await startTabbingAt(page);
        const stops = await tabUntil(page, (s) => s.what.startsWith('textarea "Message Bob Jones"'), 60);
        expect(await chat.composer().evaluate((el) => el === document.activeElement), route(stops)).toBe(true);
        expect(invisible(stops), route(stops)).toEqual([]);

        const text = `Sent with the keyboard at ${size} width`;
        await page.keyboard.type(text);
        // On a phone Enter is a new line: the keyboard user moves on to Send.
        if (await chat.isTouch()) {
          await page.keyboard.press("Tab");
          expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Send");
        }
        await page.keyboard.press("Enter");
        await chat.message(text).and(page.locator('[data-status="sent"]')).waitFor();
        expect(await chat.composer().inputValue()).toBe("");
      } finally {
        await context.close();
      }
    });
  }

  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    it(`dialogs and the group panel at ${size} width: every control is reachable with Tab and shows focus`, async () => {
      const { context, page } = await newPage(viewport);
      try {
        await new AuthPage(page, app.baseUrl).login(alice);
        const chat = new ChatPage(page, "alice", "");
        await chat.waitForConnection("live");

        // New group: focus starts in the name field; Tab walks the dialog, focus stays inside it.
        await page.getByRole("button", { name: "New group" }).click();
        const dialog = page.getByRole("dialog", { name: "New group" });
        await dialog.getByLabel("Add people").fill("bo");
        await dialog.getByRole("checkbox", { name: /Bob Jones/ }).waitFor();
        await startTabbingAt(page, dialog.getByLabel("Group name"));
        const inDialog = await tabUntil(page, (s) => s.what === 'button[submit] "Create group"', 20);
        expect(inDialog.map((s) => s.what), route(inDialog)).toEqual(
          expect.arrayContaining(['input[search] "Add people"', expect.stringMatching(/^input\[checkbox\] ".*Bob Jones/), 'button[button] "Cancel"', 'button[submit] "Create group"']),
        );
        expect(invisible(inDialog), route(inDialog)).toEqual([]);
        await page.keyboard.press("Space"); // "Create group" with a blank name: refused, with an error
        await dialog.locator('[id$="-name-error"]').waitFor();
        await closeWithEscape(page, dialog);

        // The group's details, opened from the keyboard: focus moves into the panel (at phone width it
        // covers the conversation, whose controls must then be out of reach) and back when it closes.
        await chat.openConversation("Launch crew");
        const details = page.getByRole("button", { name: "Details" });
        await startTabbingAt(page, details);
        await page.keyboard.press("Enter");
        await page.getByTestId("group-panel").waitFor();
        const inPanel = [await focused(page), ...(await tabUntil(page, (s) => s.what === 'button[button] "Leave group"', 30))];
        expect(inPanel.map((s) => s.what), route(inPanel)).toEqual([
          'button[button] "Close"',
          'input "Group name"',
          'button[button] "Make public"',
          'button[button] "Add people"',
          'button[button] "Remove Bob Jones"',
          'button[button] "Leave group"',
        ]);
        expect(invisible(inPanel), route(inPanel)).toEqual([]);
        // Past the panel's last control focus leaves the page, not into the covered conversation.
        const after = await tabUntil(page, () => true, 1);
        expect(after.filter((s) => !s.what.startsWith('a "Skip to conversation"')), route(after)).toEqual([]);

        await startTabbingAt(page, page.getByTestId("group-panel").getByRole("button", { name: "Close" }));
        await page.keyboard.press("Enter");
        await page.getByTestId("group-panel").waitFor({ state: "detached" });
        expect(await details.evaluate((el) => el === document.activeElement)).toBe(true);
      } finally {
        await context.close();
      }
    });
  }
});
