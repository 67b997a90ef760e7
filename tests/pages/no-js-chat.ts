import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { composerOf, messageIn } from "./message-locators";

/**
 * A conversation as someone sees it before JavaScript has loaded or without it: every change is a
 * form post that lands back on the conversation with a notice (app/chat/actions.ts).
 */
export class NoJsChatPage {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
    private readonly shotsDir: string,
  ) {}

  async open(conversationId: string) {
    await this.page.goto(`${this.baseUrl}/chat/${conversationId}`);
  }

  composer(): Locator {
    return composerOf(this.page);
  }

  message(text: string): Locator {
    return messageIn(this.page, text);
  }

  notice(): Locator {
    return this.page.getByTestId("form-notice");
  }

  /** Posts the composer's form and waits for the page the action redirects to. */
  async send(text: string) {
    await this.composer().fill(text);
    await this.submit(this.page.getByRole("button", { name: "Send", exact: true }));
  }

  async edit(currentText: string, newText: string) {
    const forms = await this.openForms(currentText);
    await forms.getByRole("textbox", { name: "Edit message" }).fill(newText);
    await this.submit(forms.getByRole("button", { name: "Save edit" }));
  }

  async remove(text: string) {
    const forms = await this.openForms(text);
    await this.submit(forms.getByRole("button", { name: "Delete message" }));
  }

  /** A message's edit and delete forms: its "Edit or delete" link opens the page with `?edit=<id>`. */
  async openForms(text: string): Promise<Locator> {
    const forms = this.page.getByTestId("message").filter({ has: this.page.getByText(text, { exact: true }) }).getByTestId("message-forms");
    if ((await forms.count()) === 0) {
      await Promise.all([
        this.page.waitForNavigation({ url: /[?&]edit=/, timeout: 15_000 }),
        this.message(text).getByRole("link", { name: "Edit or delete" }).click(),
      ]);
    }
    await forms.getByRole("button", { name: "Delete message" }).waitFor();
    return forms;
  }

  /** A form post is a navigation: wait for the page it lands on (the action's 303). */
  private async submit(button: Locator) {
    // The next navigation, not the URL: sending twice lands on the same ?notice=sent URL.
    await Promise.all([this.page.waitForNavigation({ url: /[?&]notice=/, timeout: 15_000 }), button.click()]);
    await this.notice().waitFor();
  }

  async shot(name: string) {
    await this.page.screenshot({ path: path.join(this.shotsDir, `${name}.png`) });
  }
}
