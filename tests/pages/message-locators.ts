import type { Locator, Page } from "playwright-core";

/** Locators both chat page objects (with and without JavaScript) read a conversation by. */
export function composerOf(page: Page): Locator {
  return page.getByRole("textbox", { name: /^Message / });
}

export function messageIn(page: Page, text: string): Locator {
  return page.getByTestId("message").filter({ has: page.getByTestId("message-text").getByText(text, { exact: true }) });
}
