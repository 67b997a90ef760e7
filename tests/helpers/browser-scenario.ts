import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, BrowserContextOptions } from "playwright-core";
import { afterAll, beforeAll, it } from "vitest";
import { AuthPage } from "../pages/auth-page";
import { ChatPage } from "../pages/chat-page";
import { ROOT, startApp, tempDir, type AppHandle, type AppOptions } from "./app-server";
import { launchChromium } from "./browser";

export const PASSWORD = "correct horse battery";
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 740 };

export interface PersonOptions {
  displayName?: string;
  password?: string;
  viewport?: { width: number; height: number };
  /** "register" goes through the sign-up form; "login" signs in an account made beforehand. */
  signIn?: "register" | "login";
  /** More context options (downloads, permissions); a phone viewport adds touch by itself. */
  context?: BrowserContextOptions;
  /** A script run in every page of the context before the app's own. */
  initScript?: string;
}

/**
 * One browser scenario of an e2e file: a fresh `next start` with its own data directory, one
 * Chromium, screenshots under test-results/<shots>, and people who each have their own browser
 * context (so their sessions are separate) and are live before the scenario goes on. Steps share
 * state and run in order: after a failure the rest report which step failed instead of failing
 * on its consequences, and every person's screen is saved for the post-mortem.
 */
export function browserScenario(opts: { name: string; shots: string; app?: Omit<AppOptions, "name" | "dataDir"> }) {
  const shots = path.join(ROOT, "test-results", opts.shots);
  const people = new Map<string, { chat: ChatPage; context: BrowserContext }>();
  let app: AppHandle | undefined;
  let browser: Browser | undefined;
  let failed: string | null = null;

  beforeAll(async () => {
    fs.rmSync(shots, { recursive: true, force: true });
    fs.mkdirSync(shots, { recursive: true });
    app = await startApp({ ...opts.app, dataDir: tempDir(`chat-${opts.name}-`), name: opts.name });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const scene = {
    shots,
    get app(): AppHandle {
      if (!app) throw new Error("the app is not started yet");
      return app;
    },
    get browser(): Browser {
      if (!browser) throw new Error("Chromium is not launched yet");
      return browser;
    },
    /** A person signed in, in a browser context of their own, with the chat connected live. */
    async person(username: string, o: PersonOptions = {}): Promise<ChatPage> {
      const viewport = o.viewport ?? DESKTOP;
      const phone = viewport.width < 500 ? { isMobile: true, hasTouch: true } : {};
      const context = await scene.browser.newContext({ viewport, ...phone, ...o.context });
      context.setDefaultTimeout(15_000);
      if (o.initScript) await context.addInitScript(o.initScript);
      const page = await context.newPage();
      const auth = new AuthPage(page, scene.app.baseUrl);
      const account = { username, password: o.password ?? PASSWORD };
      if (o.signIn === "login") await auth.login(account);
      else await auth.register({ ...account, displayName: o.displayName });
      const chat = new ChatPage(page, username, shots);
      await chat.waitForConnection("live");
      people.set(username, { chat, context });
      return chat;
    },
    /** The browser context a person was opened in (to go offline, add pages, close it). */
    context(username: string): BrowserContext {
      const p = people.get(username);
      if (!p) throw new Error(`no person "${username}" in this scenario`);
      return p.context;
    },
    /** A step of the scenario; it depends on every step before it. */
    step(name: string, fn: () => Promise<void>, timeout?: number) {
      it(name, async () => {
        if (failed) throw new Error(`not run: the step "${failed}" failed`);
        try {
          await fn();
        } catch (err) {
          failed = name;
          for (const { chat } of people.values()) await chat.screenshot(`failed-${chat.who}`).catch(() => {});
          throw err;
        }
      }, timeout);
    },
  };
  return scene;
}
