import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { composerOf, messageIn } from "./message-locators";

export type ConnectionState = "connecting" | "live" | "reconnecting";

/**
 * The dashboard (/chat) as one person sees it. Works at desktop and phone widths: below 768 px the
 * list and the open conversation are separate screens, so navigation goes through "Back".
 */
export class ChatPage {
  constructor(
    readonly page: Page,
    readonly who: string,
    private readonly shotsDir: string,
  ) {}

  // ---- finding things ------------------------------------------------------------------------

  /** The visible connection indicator (sidebar on desktop, conversation header on a phone). */
  connection(): Locator {
    return this.page.getByTestId("connection-status").filter({ visible: true });
  }

  conversationItem(title: string): Locator {
    return this.page
      .getByTestId("conversation-item")
      .filter({ has: this.page.getByTestId("conversation-title").getByText(title, { exact: true }) });
  }

  heading(): Locator {
    return this.page.getByTestId("conversation-heading");
  }

  composer(): Locator {
    return composerOf(this.page);
  }

  message(text: string): Locator {
    return messageIn(this.page, text);
  }

  tombstones(): Locator {
    return this.page.getByTestId("message").filter({ hasText: "This message was deleted" });
  }

  // ---- waiting -------------------------------------------------------------------------------

  async waitForConnection(state: ConnectionState, timeout?: number) {
    await this.connection().and(this.page.locator(`[data-state="${state}"]`)).waitFor({ timeout });
  }

  /**
   * The message is on screen and the page works: pages arrive rendered with their data, so a
   * message can be visible before hydration, when scrolling or clicking would do nothing yet.
   */
  async waitForMessage(text: string, timeout?: number) {
    await this.message(text).waitFor({ timeout });
    await this.page.locator("[data-hydrated]").first().waitFor({ timeout });
  }

  async waitForEdited(text: string) {
    await this.message(text).getByTestId("edited-marker").waitFor();
  }

  // ---- doing things --------------------------------------------------------------------------

  async goto(baseUrl: string) {
    await this.page.goto(`${baseUrl}/chat`);
    await this.waitForConnection("live");
  }

  /** On a phone the list is its own screen: go back to it when a conversation is open. */
  private async showList() {
    const back = this.page.getByRole("link", { name: "Back to conversations" });
    if (await back.isVisible()) await back.click();
    await this.page.getByRole("button", { name: "New message" }).waitFor();
  }

  async openConversation(title: string) {
    await this.showList();
    await this.conversationItem(title).getByRole("link").click();
    await this.heading().getByText(title, { exact: true }).waitFor();
  }

  async startDirectMessage(displayName: string) {
    await this.showList();
    await this.page.getByRole("button", { name: "New message" }).click();
    const dialog = this.page.getByRole("dialog", { name: "New message" });
    await dialog.getByLabel("Who do you want to message?").fill(displayName.split(" ")[0]);
    await dialog.getByRole("button", { name: new RegExp(displayName) }).click();
    await this.heading().getByText(displayName, { exact: true }).waitFor();
  }

  async createGroup(name: string, members: string[], shot?: string) {
    await this.showList();
    await this.page.getByRole("button", { name: "New group" }).click();
    const dialog = this.page.getByRole("dialog", { name: "New group" });
    await dialog.getByLabel("Group name").fill(name);
    for (const m of members) {
      await dialog.getByLabel("Add people").fill(m.split(" ")[0]);
      await dialog.getByRole("checkbox", { name: new RegExp(m) }).check();
    }
    if (shot) await this.screenshot(shot);
    await dialog.getByRole("button", { name: "Create group" }).click();
    await this.heading().getByText(name, { exact: true }).waitFor();
  }

  /** A touch screen (phone): Enter is a new line there, and message actions live in a sheet. */
  async isTouch(): Promise<boolean> {
    return this.page.evaluate(() => matchMedia("(pointer: coarse)").matches);
  }

  /** Sends what is in the composer: Enter on a desktop, the Send button on a phone. */
  async submit() {
    if (await this.isTouch()) await this.page.getByRole("button", { name: "Send", exact: true }).click();
    else await this.composer().press("Enter");
  }

  /** Sends and waits until the server has confirmed it. */
  async send(text: string) {
    await this.composer().fill(text);
    await this.submit();
    await this.message(text).and(this.page.locator('[data-status="sent"]')).waitFor();
  }

  /**
   * Where a message's actions are: on hover on a desktop; on a phone in the action sheet that its
   * "More actions" button opens (as a long-press does).
   */
  async messageActions(text: string): Promise<Locator> {
    const msg = this.message(text);
    if (await this.isTouch()) {
      await msg.getByRole("button", { name: "More actions" }).click();
      const sheet = this.page.getByRole("dialog", { name: "Message actions" });
      await sheet.waitFor();
      return sheet;
    }
    await msg.hover();
    return msg.getByRole("group", { name: "Message actions" });
  }

  async editMessage(oldText: string, newText: string, shot?: string) {
    await (await this.messageActions(oldText)).getByRole("button", { name: "Edit" }).click();
    const box = this.page.getByRole("textbox", { name: "Edit message" });
    await box.fill(newText);
    if (shot) await this.screenshot(shot);
    await box.press("Enter");
    await this.waitForEdited(newText);
  }

  async deleteMessage(text: string, shot?: string) {
    const msg = this.message(text);
    await (await this.messageActions(text)).getByRole("button", { name: "Delete" }).click();
    if (shot) await this.screenshot(shot);
    await msg.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
    await this.message(text).waitFor({ state: "detached" });
  }

  async openGroupDetails() {
    const details = this.page.getByRole("button", { name: "Details" });
    if ((await details.getAttribute("aria-expanded")) !== "true") await details.click();
    await this.page.getByTestId("group-panel").waitFor();
  }

  async removeMember(displayName: string) {
    await this.openGroupDetails();
    const row = this.page.getByTestId("group-member").filter({ hasText: displayName });
    await row.getByRole("button", { name: `Remove ${displayName}` }).click();
    await row.waitFor({ state: "detached" });
  }

  async closeGroupDetails() {
    await this.page.getByTestId("group-panel").getByRole("button", { name: "Close" }).click();
  }

  scroller(): Locator {
    return this.page.getByTestId("message-scroller");
  }

  /** Top of a message relative to the viewport, to check that loading history does not jump. */
  async messageTop(text: string): Promise<number> {
    const box = await this.message(text).boundingBox();
    if (!box) throw new Error(`message "${text}" is not on screen`);
    return box.y;
  }

  /** Scrolls the history to its very top in one step and returns where `anchor` sits right then. */
  async scrollHistoryToTop(anchor: string): Promise<number> {
    return this.scroller().evaluate((el, text) => {
      el.scrollTop = 0;
      const node = [...el.querySelectorAll('[data-testid="message-text"]')].find((n) => n.textContent === text);
      if (!node) throw new Error(`message "${text}" not found`);
      return node.closest('[data-testid="message"]')!.getBoundingClientRect().top;
    }, anchor);
  }

  async screenshot(name: string) {
    await this.page.screenshot({ path: path.join(this.shotsDir, `${name}.png`) });
  }
}
