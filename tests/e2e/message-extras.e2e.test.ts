import { expectNoAxeViolations } from "../helpers/axe";
import { AuthPage } from "../pages/auth-page";
import { ChatPage } from "../pages/chat-page";
import { MessageExtras } from "../pages/message-extras";
import { browserScenario, DESKTOP, PHONE, PASSWORD } from "../helpers/browser-scenario";

/**
 * Formatting, reactions, replies and @mentions in real Chromium against `next start`: alice at
 * desktop width, bob on a 375 px phone, in one group. The steps share state and run in order.
 */
const scene = browserScenario({ name: "e2e-extras", shots: "e2e-extras" });
const person = (name: keyof typeof people, viewport = DESKTOP) => scene.person(name, { ...people[name], viewport });
const { step } = scene;
const people = {
  alice: { username: "alice", displayName: "Alice Smith", password: PASSWORD },
  bob: { username: "bob", displayName: "Bob Jones", password: PASSWORD },
};

let alice: ChatPage, bob: ChatPage;
let aliceX: MessageExtras, bobX: MessageExtras;

const FORMATTED = "**Ship** it: run `npm test`, see https://example.com/docs and [this](javascript:alert(1))";
/** The same message as it reads on screen. */
const SHOWN = "Ship it: run npm test, see https://example.com/docs and this";

describe("formatting, reactions, replies and mentions in Chromium", () => {
  step("alice and bob meet in a group; alice's formatted message renders safely for bob", async () => {
    alice = await person("alice");
    bob = await person("bob", PHONE);
    aliceX = new MessageExtras(alice);
    bobX = new MessageExtras(bob);
    await alice.createGroup("Release", ["Bob Jones"]);
    await bob.openConversation("Release");
    await aliceX.sendRaw(FORMATTED, SHOWN);
    const msg = bob.message(SHOWN);
    await msg.waitFor();
    await msg.locator("strong", { hasText: "Ship" }).waitFor();
    await msg.locator("code", { hasText: "npm test" }).waitFor();
    const link = msg.getByRole("link", { name: "https://example.com/docs" });
    expect(await link.getAttribute("target")).toBe("_blank");
    expect(await link.getAttribute("rel")).toBe("noopener noreferrer nofollow ugc");
    expect(await msg.getByRole("link").count()).toBe(1); // javascript: stays text
    await bob.screenshot("01-bob-formatted-375px");
  });

  step("bob reacts from the picker on his phone; alice sees it live and adds hers; bob sees the count", async () => {
    await bobX.reactWithPicker(SHOWN, "👍");
    await aliceX.reaction(SHOWN, "👍", 1).waitFor();
    await aliceX.reaction(SHOWN, "👍", 1).click();
    await bobX.reaction(SHOWN, "👍", 2).waitFor();
    expect(await bobX.reaction(SHOWN, "👍", 2).getAttribute("aria-pressed")).toBe("true");
    await aliceX.reaction(SHOWN, "👍", 2).hover();
    await alice.page.getByRole("tooltip").filter({ hasText: "👍 by Bob Jones and you" }).waitFor();
    await alice.screenshot("02-alice-reactions-who");
    await bob.screenshot("02-bob-reactions-375px");
  });

  step("alice takes her reaction back with the keyboard; bob sees 1 again", async () => {
    await aliceX.reaction(SHOWN, "👍", 2).focus();
    await alice.page.keyboard.press("Enter");
    await bobX.reaction(SHOWN, "👍", 1).waitFor();
  });

  step("bob replies; the quote shows above his composer and above the reply for both", async () => {
    await bobX.startReply(SHOWN);
    await bob.page.getByTestId("replying-to").getByText("Replying to Alice Smith").waitFor();
    await bob.screenshot("03-bob-replying-375px");
    await bob.send("On it, shipping tonight");
    expect(await bob.page.getByTestId("replying-to").count()).toBe(0);
    await bobX.quoteOf("On it, shipping tonight").getByText("Alice Smith", { exact: true }).waitFor();
    await aliceX.quoteOf("On it, shipping tonight").getByText("You", { exact: true }).waitFor();
    expect(await aliceX.quoteOf("On it, shipping tonight").innerText()).toContain("Ship it: run npm test");
    await alice.screenshot("04-alice-sees-reply");
  });

  step("alice mentions bob from the @ list with the keyboard; bob gets an @ badge and a highlight", async () => {
    await bob.page.getByRole("link", { name: "Back to conversations" }).click();
    await aliceX.mentionWithKeyboard("b", "Bob Jones", "please review the notes");
    const text = "@bob please review the notes";
    await alice.message(text).waitFor();
    await bob.conversationItem("Release").getByTestId("mention-badge").waitFor();
    await bob.screenshot("05-bob-mention-badge-375px");
    await bob.openConversation("Release");
    const mine = bob.message(text);
    expect(await mine.getAttribute("data-mentions-me")).toBe("true");
    expect(await mine.locator('[data-mention="me"]').innerText()).toBe("@bob");
    await bob.screenshot("06-bob-mentioned-375px");
    await bob.page.getByRole("link", { name: "Back to conversations" }).click();
    await bob.conversationItem("Release").waitFor();
    expect(await bob.conversationItem("Release").getByTestId("mention-badge").count()).toBe(0);
    await bob.openConversation("Release");
  });

  step("axe finds nothing on the conversation with reactions, a reply, a mention and the open picker", async () => {
    await expectNoAxeViolations(alice.page, "alice conversation");
    await expectNoAxeViolations(bob.page, "bob conversation 375px");
    await aliceX.openPicker(SHOWN);
    await expectNoAxeViolations(alice.page, "alice picker open");
    await alice.page.keyboard.press("Escape");
    await alice.composer().fill("@");
    await alice.page.getByRole("listbox", { name: "Mention someone" }).waitFor();
    await expectNoAxeViolations(alice.page, "alice mention list open");
    await alice.composer().fill("");
  });

  step("in dark mode bob (mentioned, with reactions and a reply on screen) and the open picker pass axe", async () => {
    const context = await scene.browser.newContext({ viewport: DESKTOP, colorScheme: "dark" });
    context.setDefaultTimeout(15_000);
    try {
      const page = await context.newPage();
      await new AuthPage(page, scene.app.baseUrl).login(people.bob);
      const dark = new ChatPage(page, "bob-dark", scene.shots);
      await dark.waitForConnection("live");
      await dark.openConversation("Release");
      await dark.message("@bob please review the notes").waitFor();
      await expectNoAxeViolations(page, "dark: conversation with reactions, a reply quote and a mention of me");
      await dark.screenshot("08-bob-dark-extras");
      await new MessageExtras(dark).openPicker(SHOWN);
      await expectNoAxeViolations(page, "dark: reaction picker open");
      await page.keyboard.press("Escape");
      await dark.composer().fill("@");
      await page.getByRole("listbox", { name: "Mention someone" }).waitFor();
      await expectNoAxeViolations(page, "dark: mention list open");
      await dark.screenshot("09-bob-dark-mention-list");
    } finally {
      await context.close();
    }
  });

  step("clicking the quote of a reply to an old message loads older history and lands on the parent", async () => {
    const conversationId = new URL(alice.page.url()).pathname.split("/").pop()!;
    await alice.page.evaluate(async (id) => {
      const post = async (body: object) => {
        const res = await fetch(`/api/conversations/${id}/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
        if (!res.ok) throw new Error(`send: ${res.status}`);
        return (await res.json()).message;
      };
      const first = await post({ text: "The very first plan" });
      for (let i = 1; i <= 70; i++) await post({ text: `Filler ${i}` });
      await post({ text: "Back to the first plan", replyToId: first.id });
    }, conversationId);
    await bob.waitForMessage("Back to the first plan");
    await bob.page.reload();
    await bob.waitForMessage("Back to the first plan");
    expect(await bob.message("The very first plan").count()).toBe(0);
    await bobX.quoteOf("Back to the first plan").click();
    const parent = bob.message("The very first plan");
    await parent.waitFor();
    await bob.page.waitForFunction(() => document.activeElement?.textContent?.includes("The very first plan") ?? false);
    const box = (await parent.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
    await bob.screenshot("07-bob-jumped-to-parent-375px");
  }, 120_000);
});
