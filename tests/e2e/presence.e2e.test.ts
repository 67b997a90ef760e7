import { ApiClient } from "../helpers/api-client";
import { expectNoAxeViolations } from "../helpers/axe";
import { ChatPage } from "../pages/chat-page";
import { browserScenario, DESKTOP, PASSWORD, PHONE } from "../helpers/browser-scenario";

/**
 * Issue 9 §1–2 in real Chromium with three people: Alice (desktop), Bob (375 px phone) and Carol
 * (desktop). Presence dots in the list, the header and the member list; "typing…" appears and goes;
 * Carol leaving shows her offline 30 s later. axe at 0 violations with the new UI on screen, light
 * and dark.
 */
const scene = browserScenario({ name: "presence-e2e", shots: "presence" });
const person = (name: string, viewport = DESKTOP) => scene.person(name, { signIn: "login", viewport });
const WAIT = { timeout: 15_000 };

let alice: ChatPage, bob: ChatPage, carol: ChatPage;

/** The presence dot on a conversation in the list (DMs only). */
const listDot = (chat: ChatPage, title: string) => chat.conversationItem(title).getByTestId("presence-dot");
const typingLine = (chat: ChatPage) => chat.page.getByTestId("typing-indicator");

beforeAll(async () => {
  const [a, b, c] = [new ApiClient(scene.app.baseUrl), new ApiClient(scene.app.baseUrl), new ApiClient(scene.app.baseUrl)];
  const ua = await a.signUp("alice", PASSWORD, "Alice Smith");
  const ub = await b.signUp("bob", PASSWORD, "Bob Jones");
  const uc = await c.signUp("carol", PASSWORD, "Carol King");
  const dm = (await a.post("/api/conversations", { type: "direct", userId: ub.id })).body.conversation;
  await a.post(`/api/conversations/${dm.id}/messages`, { text: "Morning Bob" });
  await a.post("/api/conversations", { type: "direct", userId: uc.id });
  await c.post("/api/conversations", { type: "group", name: "Launch crew", memberIds: [ua.id, ub.id] });
  alice = await person("alice");
  bob = await person("bob", PHONE);
}, 120_000);

describe("presence", () => {
  it("shows who is online in the list, the header and the member list; offline 30 s after leaving", async () => {
    await listDot(bob, "Alice Smith").and(bob.page.locator('[data-status="online"]')).waitFor(WAIT);
    await listDot(alice, "Carol King").and(alice.page.locator('[data-status="offline"]')).waitFor(WAIT);
    await bob.screenshot("01-bob-list-alice-online-375px");

    carol = await person("carol");
    await listDot(alice, "Carol King").and(alice.page.locator('[data-status="online"]')).waitFor(WAIT);
    await alice.openConversation("Bob Jones");
    await alice.page.getByTestId("presence-text").getByText("Online").waitFor(WAIT);
    await alice.openConversation("Launch crew");
    await alice.page.getByRole("button", { name: "Details" }).click();
    const members = alice.page.getByTestId("group-member");
    for (const name of ["Alice Smith", "Bob Jones", "Carol King"]) {
      await members.filter({ hasText: name }).getByTestId("presence-dot").and(alice.page.locator('[data-status="online"]')).waitFor(WAIT);
    }
    await alice.screenshot("02-alice-group-members-online");
    await expectNoAxeViolations(alice.page, "alice: group details with presence");
    await alice.page.getByLabel("Group details").getByRole("button", { name: "Close", exact: true }).click();

    // Carol closes her tab: still online during the 30 s grace, then offline.
    await scene.context("carol").close();
    const closedAt = Date.now();
    await listDot(alice, "Carol King").and(alice.page.locator('[data-status="offline"]')).waitFor({ timeout: 60_000 });
    expect(Date.now() - closedAt).toBeGreaterThan(20_000);
    await alice.screenshot("03-alice-carol-offline");
  }, 120_000);
});

describe("typing", () => {
  it("Bob typing on his phone shows under Alice's conversation, and goes when he sends", async () => {
    carol = await person("carol");
    await alice.openConversation("Bob Jones");
    await bob.openConversation("Alice Smith");
    await bob.composer().pressSequentially("On my w", { delay: 30 });
    await typingLine(alice).getByText("Bob is typing…").waitFor(WAIT);
    await alice.screenshot("04-alice-sees-bob-typing");
    await expectNoAxeViolations(alice.page, "alice: typing indicator");
    await bob.screenshot("05-bob-typing-375px");
    await bob.composer().pressSequentially("ay", { delay: 30 });
    await bob.page.getByRole("button", { name: "Send" }).click();
    await alice.waitForMessage("On my way", 15_000);
    await expect.poll(() => typingLine(alice).textContent(), WAIT).toBe("");
    // Bob never sees himself typing.
    expect(await typingLine(bob).textContent()).toBe("");
  });

  it("two people typing in a group: 'Bob and Carol are typing…', gone 6 s after they stop", async () => {
    await alice.openConversation("Launch crew");
    await bob.openConversation("Launch crew");
    await carol.openConversation("Launch crew");
    await bob.composer().pressSequentially("hm", { delay: 30 });
    await carol.composer().pressSequentially("yes", { delay: 30 });
    await typingLine(alice).getByText(/^(Bob and Carol|Carol and Bob) are typing…$/).waitFor(WAIT);
    await typingLine(bob).getByText("Carol is typing…").waitFor(WAIT);
    await alice.screenshot("06-alice-two-typing");
    await bob.screenshot("07-bob-sees-carol-typing-375px");
    await expectNoAxeViolations(bob.page, "bob (phone): typing indicator");
    await expect.poll(() => typingLine(alice).textContent(), { timeout: 20_000 }).toBe("");
  });

  it("dark mode: presence and typing pass axe too", async () => {
    await alice.page.emulateMedia({ colorScheme: "dark" });
    await alice.page.reload();
    await alice.waitForConnection("live");
    await alice.heading().getByText("Launch crew", { exact: true }).waitFor();
    await carol.composer().pressSequentially("!", { delay: 30 });
    await typingLine(alice).getByText("Carol is typing…").waitFor(WAIT);
    await listDot(alice, "Bob Jones").and(alice.page.locator('[data-status="online"]')).waitFor(WAIT);
    await alice.screenshot("08-alice-dark-typing");
    await expectNoAxeViolations(alice.page, "alice (dark): presence and typing");
  });
});
