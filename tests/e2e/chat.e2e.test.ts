import path from "node:path";
import { AuthPage } from "../pages/auth-page";
import { ChatPage } from "../pages/chat-page";
import { browserScenario, DESKTOP, PHONE, PASSWORD } from "../helpers/browser-scenario";

/**
 * The whole product in real Chromium against `next start` with a fresh data directory: three
 * people in three browser contexts (bob on a 375 px phone), through a server restart and a dropped
 * connection. The steps share state and run in order; after a failure the rest report it and stop.
 */
const scene = browserScenario({ name: "e2e", shots: "e2e" });
const person = (name: keyof typeof people, viewport = DESKTOP) => scene.person(name, { ...people[name], viewport });
const { step } = scene;

const people = {
  alice: { username: "alice", displayName: "Alice Smith", password: PASSWORD },
  bob: { username: "bob", displayName: "Bob Jones", password: PASSWORD },
  carol: { username: "carol", displayName: "Carol King", password: PASSWORD },
};

let alice: ChatPage;
let bob: ChatPage;
let carol: ChatPage;

describe("chat in Chromium", () => {
  step("the home page explains the app; registration validates inline", async () => {
    const context = await scene.browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    await page.goto(scene.app.baseUrl);
    await page.getByRole("heading", { level: 1 }).waitFor();
    await page.getByRole("link", { name: "Create an account" }).waitFor();
    await page.screenshot({ path: path.join(scene.shots, "00-home.png") });
    const errors = await new AuthPage(page, scene.app.baseUrl).submitEmptyRegistration();
    expect(errors).toEqual(["Username must be at least 3 characters", "Password must be at least 8 characters"]);
    await page.screenshot({ path: path.join(scene.shots, "00-register-errors.png") });
    await page.goto(`${scene.app.baseUrl}/chat`);
    await page.waitForURL(/\/login/);
    await context.close();
  });

  step("alice and bob register in two browsers and land on the live dashboard", async () => {
    alice = await person("alice");
    bob = await person("bob", PHONE);
    expect(await alice.page.getByTestId("me-name").innerText()).toBe("Alice Smith");
    await alice.screenshot("01-alice-registered");
    await bob.screenshot("01-bob-registered-375px");
  });

  step("alice opens a DM with bob and sends; bob sees it without reloading", async () => {
    await alice.startDirectMessage("Bob Jones");
    await alice.send("Hi Bob! Lunch at noon?");
    await bob.conversationItem("Alice Smith").getByTestId("unread-badge").getByText("1").waitFor();
    await bob.page.getByTestId("live-announcer").getByText("New message from Alice Smith").waitFor({ state: "attached" });
    await bob.screenshot("02-bob-unread-375px");
    const markedRead = bob.page.waitForResponse((r) => r.url().endsWith("/read") && r.request().method() === "POST");
    await bob.openConversation("Alice Smith");
    await bob.waitForMessage("Hi Bob! Lunch at noon?");
    await bob.screenshot("03-bob-dm-375px");

    // Opening it marked it read on the server: a fresh load of the list shows no badge.
    expect((await markedRead).status()).toBe(200);
    await bob.goto(scene.app.baseUrl);
    await bob.conversationItem("Alice Smith").waitFor();
    expect(await bob.conversationItem("Alice Smith").getByTestId("unread-badge").count()).toBe(0);
    await bob.openConversation("Alice Smith");
  });

  step("bob replies; alice sees it live", async () => {
    await bob.send("Sounds good.\nSee you there.");
    await alice.waitForMessage("Sounds good.\nSee you there.");
    await alice.screenshot("04-alice-dm");
  });

  step("alice edits her message; bob sees it edited live", async () => {
    await alice.editMessage("Hi Bob! Lunch at noon?", "Hi Bob! Lunch at 12:30?", "05-alice-editing");
    await bob.waitForEdited("Hi Bob! Lunch at 12:30?");
    await bob.screenshot("05-bob-sees-edit-375px");
  });

  step("alice deletes it; bob sees the tombstone live", async () => {
    await alice.send("Oops, wrong chat");
    await bob.waitForMessage("Oops, wrong chat");
    await alice.deleteMessage("Oops, wrong chat", "06-alice-confirm-delete");
    await bob.message("Oops, wrong chat").waitFor({ state: "detached" });
    expect(await bob.tombstones().count()).toBe(1);
    await alice.screenshot("06-alice-deleted");
    await bob.screenshot("06-bob-sees-tombstone-375px");
  });

  step("alice creates a group with bob and carol; all three talk live", async () => {
    carol = await person("carol");
    await alice.createGroup("Launch crew", ["Bob Jones", "Carol King"], "07-alice-new-group-dialog");
    await bob.openConversation("Launch crew");
    await carol.openConversation("Launch crew");
    await alice.send("Welcome to the launch crew");
    await bob.send("Glad to be here");
    await carol.send("Hello everyone");
    for (const p of [alice, bob, carol]) {
      for (const text of ["Welcome to the launch crew", "Glad to be here", "Hello everyone"]) await p.waitForMessage(text);
    }
    await alice.openGroupDetails();
    await alice.screenshot("07-alice-group");
    await carol.screenshot("07-carol-group");
    await bob.screenshot("07-bob-group-375px");
  });

  step("alice removes carol; carol stops receiving, then signs out", async () => {
    await alice.removeMember("Carol King");
    await carol.page.getByText("You are no longer in Launch crew").waitFor();
    await carol.conversationItem("Launch crew").waitFor({ state: "detached" });
    await alice.closeGroupDetails();
    await alice.send("Just the two of us now");
    await bob.waitForMessage("Just the two of us now");
    await carol.page.waitForTimeout(1500); // the event reached bob; give carol's stream the same chance
    expect(await carol.page.getByText("Just the two of us now").count()).toBe(0);
    await carol.screenshot("08-carol-removed");
    await carol.page.getByRole("button", { name: "Sign out" }).click();
    await carol.page.waitForURL(`${scene.app.baseUrl}/`);
    await carol.page.getByRole("link", { name: "Create an account" }).waitFor();
  });

  step("the server restarts; the stream resumes and after a reload the history is all there", async () => {
    await scene.app.restart();
    await Promise.all([alice, bob].map((p) => p.waitForConnection("live", 30_000)));
    await alice.send("Back after the restart");
    await bob.waitForMessage("Back after the restart");

    await alice.page.reload();
    await alice.waitForConnection("live");
    await alice.heading().getByText("Launch crew", { exact: true }).waitFor();
    for (const text of ["Welcome to the launch crew", "Glad to be here", "Hello everyone", "Just the two of us now", "Back after the restart"]) {
      await alice.waitForMessage(text);
    }
    await alice.openConversation("Bob Jones");
    await alice.waitForMessage("Hi Bob! Lunch at 12:30?");
    await alice.waitForEdited("Hi Bob! Lunch at 12:30?");
    await alice.waitForMessage("Sounds good.\nSee you there.");
    expect(await alice.tombstones().count()).toBe(1);
    await alice.screenshot("09-alice-after-restart");
  }, 90_000);

  step("bob's connection drops and returns; messages sent meanwhile appear", async () => {
    await bob.openConversation("Alice Smith");
    await scene.context("bob").setOffline(true);
    await bob.waitForConnection("reconnecting");
    await alice.send("Are you still there?");
    await alice.send("Sent while you were offline");
    await bob.screenshot("10-bob-offline-375px");
    expect(await bob.message("Are you still there?").count()).toBe(0);

    await scene.context("bob").setOffline(false);
    await bob.waitForConnection("live", 30_000);
    await bob.waitForMessage("Are you still there?");
    await bob.waitForMessage("Sent while you were offline");
    await bob.send("Back online");
    await alice.waitForMessage("Back online");
    await bob.screenshot("11-bob-back-online-375px");
    await alice.screenshot("11-alice-final");
  }, 90_000);

  step("long history loads page by page as bob scrolls up, without jumping; new messages show a cue", async () => {
    const conversationId = new URL(alice.page.url()).pathname.split("/").pop()!;
    await alice.page.evaluate(async (id) => {
      for (let i = 1; i <= 120; i++) {
        const res = await fetch(`/api/conversations/${id}/messages`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ text: `History ${i}` }),
        });
        if (!res.ok) throw new Error(`send ${i}: ${res.status}`);
      }
    }, conversationId);
    await bob.waitForMessage("History 120");

    await bob.page.reload(); // a fresh view holds only the newest page
    await bob.waitForMessage("History 120");
    expect(await bob.message("History 70").count()).toBe(0);
    const before = await bob.scrollHistoryToTop("History 71");
    await bob.waitForMessage("History 21");
    const after = await bob.messageTop("History 71");
    expect(Math.abs(after - before)).toBeLessThan(2);
    await bob.screenshot("12-bob-older-history-375px");

    await alice.send("Are you scrolled up?");
    const cue = bob.page.getByTestId("new-messages-cue");
    await cue.getByText("1 new message").waitFor();
    await bob.screenshot("13-bob-new-messages-cue-375px");
    await cue.click();
    await cue.waitFor({ state: "detached" });
    await bob.page.waitForFunction(() => {
      const el = document.querySelector('[data-testid="message-scroller"]')!;
      return el.scrollHeight - el.scrollTop - el.clientHeight < 80;
    });
  }, 90_000);
});
