import type { Locator } from "playwright-core";
import type { ChatPage } from "./chat-page";

/** Reactions, replies and mentions on top of ChatPage, for one person. */
export class MessageExtras {
  constructor(private readonly chat: ChatPage) {}

  private get page() {
    return this.chat.page;
  }

  /** Hover on a desktop; the action sheet on a phone (see ChatPage.messageActions). */
  private revealActions(text: string): Promise<Locator> {
    return this.chat.messageActions(text);
  }

  reaction(text: string, emoji: string, count: number): Locator {
    return this.chat.message(text).getByRole("button", { name: `${emoji} ${count}`, exact: true });
  }

  async openPicker(text: string) {
    const actions = await this.revealActions(text);
    await actions.getByRole("button", { name: "React" }).click();
    await this.page.getByRole("group", { name: "Pick a reaction" }).waitFor();
  }

  async reactWithPicker(text: string, emoji: string) {
    await this.openPicker(text);
    await this.page.getByRole("button", { name: `React with ${emoji}` }).click();
    await this.reaction(text, emoji, 1).waitFor();
  }

  async startReply(text: string) {
    const actions = await this.revealActions(text);
    await actions.getByRole("button", { name: "Reply" }).click();
  }

  quoteOf(replyText: string): Locator {
    return this.chat.message(replyText).getByTestId("reply-quote");
  }

  /** Sends text whose rendering differs from what was typed (Markdown), waiting for the confirmed message. */
  async sendRaw(text: string, shown: string) {
    await this.chat.composer().fill(text);
    await this.chat.submit();
    await this.chat.message(shown).and(this.page.locator('[data-status="sent"]')).waitFor();
  }

  /** Types `@` + prefix, moves to the person with the arrow keys, picks with Enter, then sends. */
  async mentionWithKeyboard(prefix: string, displayName: string, rest: string) {
    const box = this.chat.composer();
    await box.fill("");
    await box.pressSequentially(`@${prefix}`);
    const list = this.page.getByRole("listbox", { name: "Mention someone" });
    await list.waitFor();
    for (let i = 0; i < 10; i++) {
      const active = list.locator('[aria-selected="true"]');
      if ((await active.innerText()).includes(displayName)) break;
      await box.press("ArrowDown");
    }
    await box.press("Enter");
    await list.waitFor({ state: "detached" });
    await box.pressSequentially(rest);
    await this.chat.submit();
  }
}
