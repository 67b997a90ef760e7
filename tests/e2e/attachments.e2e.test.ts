import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { tempDir } from "../helpers/app-server";
import { expectNoAxeViolations } from "../helpers/axe";
import { AuthPage } from "../pages/auth-page";
import { ChatPage } from "../pages/chat-page";
import { browserScenario, DESKTOP, PASSWORD, PHONE } from "../helpers/browser-scenario";

/**
 * Files in real Chromium: Alice pastes an image and attaches a PDF; Bob (on a 375 px phone) sees
 * the thumbnail arrive live, opens the larger view and downloads the PDF; Alice deletes the
 * message and its file is gone from storage. axe-core scans the screens with attachments.
 */
const scene = browserScenario({ name: "attachments-e2e", shots: "e2e-attachments" });
const person = (username: string, displayName: string, viewport: { width: number; height: number }) =>
  scene.person(username, { displayName, viewport, context: { acceptDownloads: true } });
const { step } = scene;
const PDF = Buffer.from("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");

let alice: ChatPage;
let bob: ChatPage;


const stored = () => fs.readdirSync(path.join(scene.app.dataDir, "files")).filter((n) => n !== "tmp");

describe("attachments in Chromium", () => {
  step("alice and bob (phone) open a direct conversation", async () => {
    alice = await person("alice", "Alice Smith", DESKTOP);
    bob = await person("bob", "Bob Jones", PHONE);
    await alice.startDirectMessage("Bob Jones");
    await alice.send("hi bob");
    await bob.openConversation("Alice Smith");
    await bob.waitForMessage("hi bob");
  });

  step("alice pastes an image, sees its upload, and sends it with a caption", async () => {
    const png = await sharp({ create: { width: 800, height: 500, channels: 3, background: "#2a9d8f" } }).png().toBuffer();
    await alice.composer().fill("look at this");
    await alice.composer().evaluate((el, b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], "screenshot.png", { type: "image/png" }));
      el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    }, png.toString("base64"));
    await alice.page.getByTestId("upload-item").and(alice.page.locator('[data-status="done"]')).waitFor();
    await alice.screenshot("01-alice-upload-ready");
    await expectNoAxeViolations(alice.page, "alice: upload tray ready");
    await alice.composer().press("Enter");
    await alice.message("look at this").and(alice.page.locator('[data-status="sent"]')).waitFor();
    await alice.page.getByTestId("attachment-thumbnail").locator("img").waitFor();
  });

  step("bob sees the thumbnail live and opens the larger view", async () => {
    const thumb = bob.page.getByTestId("attachment-thumbnail").locator("img");
    await thumb.waitFor();
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 15_000 }).toBeGreaterThan(0);
    await bob.screenshot("02-bob-thumbnail");
    await expectNoAxeViolations(bob.page, "bob: thumbnail in the timeline (phone)");
    await bob.page.getByTestId("attachment-thumbnail").click();
    const viewer = bob.page.getByTestId("image-viewer");
    await viewer.waitFor();
    const full = viewer.locator("img");
    await expect.poll(() => full.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 15_000 }).toBe(800);
    await bob.screenshot("03-bob-image-viewer");
    await expectNoAxeViolations(bob.page, "bob: image viewer (phone)");
    await bob.page.keyboard.press("Escape");
    await viewer.waitFor({ state: "detached" });
  });

  step("alice attaches a PDF with the button; bob downloads it", async () => {
    const file = path.join(tempDir("attach-pdf-"), "plan.pdf");
    fs.writeFileSync(file, PDF);
    await alice.page.getByTestId("attach-input").setInputFiles(file);
    await alice.page.getByTestId("upload-item").and(alice.page.locator('[data-status="done"]')).waitFor();
    await alice.composer().fill("the plan");
    await alice.composer().press("Enter");
    await alice.message("the plan").and(alice.page.locator('[data-status="sent"]')).waitFor();
    const row = bob.page.getByTestId("attachment-file").filter({ hasText: "plan.pdf" });
    await row.waitFor();
    await bob.screenshot("04-bob-pdf-row");
    const [download] = await Promise.all([bob.page.waitForEvent("download"), row.click()]);
    expect(download.suggestedFilename()).toBe("plan.pdf");
    expect(fs.readFileSync((await download.path())!).equals(PDF)).toBe(true);
  });

  step("in dark mode, at desktop and phone width: the upload tray, thumbnail, file row and viewer pass axe", async () => {
    const context = await scene.browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: "dark" });
    context.setDefaultTimeout(15_000);
    try {
      const page = await context.newPage();
      page.on("pageerror", (err) => console.error("[alice dark] page error:", err));
      await new AuthPage(page, scene.app.baseUrl).login({ username: "alice", password: PASSWORD });
      const dark = new ChatPage(page, "alice", scene.shots);
      await dark.waitForConnection("live");
      // The system theme is dark here, so the page must not be on the light background.
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe("rgb(248, 250, 252)");
      await dark.openConversation("Bob Jones");
      const thumb = page.getByTestId("attachment-thumbnail").locator("img");
      await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 15_000 }).toBeGreaterThan(0);
      await page.getByTestId("attachment-file").filter({ hasText: "plan.pdf" }).waitFor();
      const file = path.join(tempDir("attach-dark-"), "notes.txt");
      fs.writeFileSync(file, "notes for the dark-mode check\n");
      await page.getByTestId("attach-input").setInputFiles(file);
      await page.getByTestId("upload-item").and(page.locator('[data-status="done"]')).waitFor();
      await expectNoAxeViolations(page, "dark: timeline with attachments and the upload tray");
      await dark.screenshot("07-alice-dark-attachments");

      await page.getByTestId("attachment-thumbnail").click();
      const viewer = page.getByTestId("image-viewer");
      await viewer.waitFor();
      await expect.poll(() => viewer.locator("img").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 15_000 }).toBe(800);
      await expectNoAxeViolations(page, "dark: image viewer");
      await dark.screenshot("08-alice-dark-viewer");
      await page.keyboard.press("Escape");
      await viewer.waitFor({ state: "detached" });

      await page.setViewportSize({ width: 375, height: 740 });
      await page.getByTestId("upload-item").waitFor();
      await expectNoAxeViolations(page, "dark: attachments at 375 px");
      await dark.screenshot("09-alice-dark-attachments-375px");
    } finally {
      await context.close();
    }
  });

  step("alice deletes the image message: the file leaves storage and bob's view", async () => {
    const before = stored();
    expect(before.length).toBeGreaterThanOrEqual(3); // image, its thumbnail, the PDF
    await alice.deleteMessage("look at this", "05-alice-delete-confirm");
    await bob.page.getByTestId("attachment-thumbnail").waitFor({ state: "detached" });
    const after = stored();
    expect(after.length).toBe(before.length - 2);
    expect(after.some((n) => n.endsWith(".thumb"))).toBe(false);
    await bob.screenshot("10-bob-after-delete");
  });
});
