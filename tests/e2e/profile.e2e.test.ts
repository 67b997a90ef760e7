import { expectNoAxeViolations } from "../helpers/axe";
import { AuthPage } from "../pages/auth-page";
import { ChatPage } from "../pages/chat-page";
import { browserScenario, DESKTOP, PHONE, PASSWORD } from "../helpers/browser-scenario";

/**
 * The settings page in real Chromium: bob (375 px phone) renames himself and alice (desktop) sees
 * the new name without reloading, in the sidebar, the heading, the group panel and on his
 * messages; then bob changes his password and his other sign-in (a laptop) is signed out, while
 * the phone stays in. Steps run in order; axe stays at 0 on the page in both themes.
 */
const scene = browserScenario({ name: "e2e-profile", shots: "e2e-profile" });
const person = (username: string, displayName: string, viewport = DESKTOP) => scene.person(username, { displayName, viewport });
const { step } = scene;
const NEW_PASSWORD = "a much better passphrase";
const WAIT = { timeout: 15_000 };

let alice: ChatPage;
let bob: ChatPage;
let bobLaptop: ChatPage;

describe("profile settings in Chromium", () => {
  step("alice and bob talk in a DM and a group", async () => {
    alice = await person("alice", "Alice Smith");
    bob = await person("bob", "Bob Jones", PHONE);
    await alice.createGroup("Crew", ["Bob Jones"]);
    await alice.startDirectMessage("Bob Jones");
    await alice.send("Morning Bob");
    await bob.openConversation("Alice Smith");
    await bob.waitForMessage("Morning Bob");
    await bob.send("Hi from my phone");
    await alice.waitForMessage("Hi from my phone");
  });

  step("bob opens Settings on his phone: the page fills the screen and passes axe", async () => {
    await bob.page.getByRole("link", { name: "Back to conversations" }).click();
    await bob.page.getByRole("link", { name: "Settings" }).click();
    await bob.page.getByRole("heading", { name: "Settings", level: 2 }).waitFor();
    const name = bob.page.getByLabel("Display name");
    expect(await name.inputValue()).toBe("Bob Jones");
    // At 375 px the page replaces the list (it is not hidden behind it) and nothing overflows sideways.
    expect(await bob.page.getByRole("button", { name: "New message" }).isVisible()).toBe(false);
    expect(await bob.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await bob.screenshot("01-bob-settings-375px");
    await expectNoAxeViolations(bob.page, "settings, phone, light");
  });

  step("bob renames himself; alice sees the new name live everywhere", async () => {
    const name = bob.page.getByLabel("Display name");
    await name.fill("   ");
    await bob.page.getByRole("button", { name: "Save name" }).click();
    await bob.page.locator('[id$="-name-error"]').waitFor();
    expect(await name.getAttribute("aria-invalid")).toBe("true");
    await bob.screenshot("02-bob-name-error-375px");
    await expectNoAxeViolations(bob.page, "settings, name error");

    await name.fill("Robert Jones");
    await bob.page.getByRole("button", { name: "Save name" }).click();
    await bob.page.getByRole("status").filter({ hasText: "Saved" }).waitFor();
    await bob.screenshot("03-bob-renamed-375px");

    // alice has the DM open: heading, list entry and bob's message all follow, without a reload.
    await alice.heading().getByText("Robert Jones", { exact: true }).waitFor(WAIT);
    await alice.conversationItem("Robert Jones").waitFor(WAIT);
    await alice.message("Hi from my phone").getByTestId("message-sender").getByText("Robert Jones").waitFor(WAIT);
    await alice.screenshot("04-alice-sees-robert-live");
    await alice.openConversation("Crew");
    await alice.openGroupDetails();
    await alice.page.getByTestId("group-member").filter({ hasText: "Robert Jones" }).waitFor(WAIT);
    await alice.screenshot("05-alice-group-members-renamed");
    await alice.closeGroupDetails();

    // His own sidebar shows it too, and a reload keeps it.
    await bob.page.getByRole("link", { name: "Back to conversations" }).click();
    await expect.poll(() => bob.page.getByTestId("me-name").innerText(), WAIT).toBe("Robert Jones");
    await bob.page.reload();
    await expect.poll(() => bob.page.getByTestId("me-name").innerText(), WAIT).toBe("Robert Jones");
    // The reloaded page shows its data before it works (server-rendered): wait until it is live.
    await bob.waitForConnection("live");
  });

  step("bob changes his password: his laptop is signed out, his phone stays in", async () => {
    const context = await scene.browser.newContext({ viewport: DESKTOP });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await new AuthPage(page, scene.app.baseUrl).login({ username: "bob", password: PASSWORD });
    bobLaptop = new ChatPage(page, "bob-laptop", scene.shots);
    await bobLaptop.waitForConnection("live");

    await bob.page.getByRole("link", { name: "Settings" }).click();
    await bob.page.getByLabel("Current password").fill("not my password");
    await bob.page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await bob.page.getByLabel("Repeat the new password").fill(NEW_PASSWORD);
    await bob.page.getByRole("button", { name: "Change password" }).click();
    await bob.page.getByRole("alert").filter({ hasText: "current password" }).waitFor();
    await bob.screenshot("06-bob-wrong-current-password-375px");
    await expectNoAxeViolations(bob.page, "settings, password error");

    await bob.page.getByLabel("Current password").fill(PASSWORD);
    await bob.page.getByRole("button", { name: "Change password" }).click();
    await bob.page.getByRole("status").filter({ hasText: "1 other session was signed out" }).waitFor();
    await bob.screenshot("07-bob-password-changed-375px");

    // The laptop's next request finds its session ended and lands on the sign-in page.
    await bobLaptop.page.reload();
    await bobLaptop.page.waitForURL(/\/login/, WAIT);
    await bobLaptop.screenshot("08-bob-laptop-signed-out");
    // The phone keeps working.
    await bob.page.getByRole("link", { name: "Back to conversations" }).click();
    await bob.openConversation("Alice Smith");
    await bob.send("Still signed in here");
    await alice.openConversation("Robert Jones");
    await alice.waitForMessage("Still signed in here");
    // Only the new password signs in now.
    await bobLaptop.page.getByLabel("Username").fill("bob");
    await bobLaptop.page.getByLabel("Password").fill(PASSWORD);
    await bobLaptop.page.getByRole("button", { name: "Sign in" }).click();
    await bobLaptop.page.getByRole("alert").waitFor(WAIT);
    await new AuthPage(bobLaptop.page, scene.app.baseUrl).login({ username: "bob", password: NEW_PASSWORD });
    await bobLaptop.waitForConnection("live");
    await context.close();
  });

  step("the settings page passes axe in the dark theme on the desktop", async () => {
    const context = await scene.browser.newContext({ viewport: DESKTOP, colorScheme: "dark" });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await new AuthPage(page, scene.app.baseUrl).login({ username: "alice", password: PASSWORD });
    await page.goto(`${scene.app.baseUrl}/chat/settings`);
    await page.getByRole("heading", { name: "Settings", level: 2 }).waitFor();
    const dark = new ChatPage(page, "alice-dark", scene.shots);
    await dark.screenshot("09-alice-settings-desktop-dark");
    await expectNoAxeViolations(page, "settings, desktop, dark");
    await context.close();
  });
});
