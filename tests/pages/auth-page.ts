import type { Page } from "playwright-core";

/** The sign-in and registration screens, as a person uses them. */
export class AuthPage {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  async register(user: { username: string; password: string; displayName?: string }) {
    await this.page.goto(`${this.baseUrl}/register`);
    await this.page.getByLabel("Username").fill(user.username);
    if (user.displayName) await this.page.getByLabel("Display name (optional)").fill(user.displayName);
    await this.page.getByLabel("Password").fill(user.password);
    await this.page.getByRole("button", { name: "Create account" }).click();
    await this.page.waitForURL(/\/chat$/);
  }

  async login(user: { username: string; password: string }) {
    await this.page.goto(`${this.baseUrl}/login`);
    await this.page.getByLabel("Username").fill(user.username);
    await this.page.getByLabel("Password").fill(user.password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
    await this.page.waitForURL(/\/chat/);
  }

  /** Submits the registration form empty and returns the inline error texts. */
  async submitEmptyRegistration(): Promise<string[]> {
    await this.page.goto(`${this.baseUrl}/register`);
    await this.page.getByRole("button", { name: "Create account" }).click();
    const errors = this.page.locator('[id$="-error"]');
    await errors.first().waitFor();
    return errors.allInnerTexts();
  }
}
