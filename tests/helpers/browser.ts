import fs from "node:fs";
import { afterEach } from "vitest";
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

/**
 * What the page guard treats as a bug in the app: React's hydration mismatch and missing-key
 * warnings (development wording and the production "Minified React error #418/#423/#425" codes).
 */
const REACT_PROBLEM =
  /hydrat|did not match|server rendered (HTML|text)|Minified React error #(418|419|421|422|423|425)|unique "key" prop|Encountered two children with the same key/i;

/** How Chromium reports a resource or script refused by the page's Content Security Policy. */
export const CSP_VIOLATION = /Content Security Policy|Refused to (load|execute|apply|connect|evaluate|frame|display)/i;

/** Problems seen in any page of any context launched by launchChromium() since the last check. */
const problems: string[] = [];

function describePage(page: Page): string {
  try {
    return new URL(page.url()).pathname || page.url();
  } catch {
    return page.url();
  }
}

/** Sub-resources a page loads by itself; a 404 among them (like a missing favicon) is a broken page. */
const ASSETS = new Set(["image", "script", "stylesheet", "font", "manifest", "other"]);

/** Records uncaught errors, React hydration / key warnings and missing assets of one page. */
export function guardPage(page: Page) {
  page.on("response", (res) => {
    if (res.status() === 404 && ASSETS.has(res.request().resourceType())) {
      problems.push(`404 for ${res.request().resourceType()} ${res.url()} on ${describePage(page)}`);
    }
  });
  page.on("pageerror", (err) => {
    problems.push(`uncaught error on ${describePage(page)}: ${err.stack ?? err.message}`);
  });
  page.on("console", (msg: ConsoleMessage) => {
    if ((msg.type() === "error" || msg.type() === "warning") && REACT_PROBLEM.test(msg.text())) {
      problems.push(`React ${msg.type()} on ${describePage(page)}: ${msg.text()}`);
    }
    // The app must run under its own Content Security Policy: any refusal is a bug.
    if (msg.type() === "error" && CSP_VIOLATION.test(msg.text())) {
      problems.push(`CSP violation on ${describePage(page)}: ${msg.text()}`);
    }
  });
}

/** Returns and forgets what the guard recorded. */
export function takePageProblems(): string[] {
  return problems.splice(0, problems.length);
}

/**
 * Every Chromium test fails on an uncaught page error, a React hydration / key warning or a missing
 * asset seen while it ran, whatever it was looking at: one guard for every suite that launches through this module.
 */
afterEach(() => {
  const seen = takePageProblems();
  if (seen.length) throw new Error(`the browser reported ${seen.length} problem(s):\n${seen.join("\n")}`);
});

function guardContext(context: BrowserContext): BrowserContext {
  for (const page of context.pages()) guardPage(page);
  context.on("page", guardPage);
  return context;
}

/**
 * Debian's Chromium, headless, with the flags this closed network needs (without the networking
 * ones Chromium floods it with connection attempts). A missing browser is a broken test machine,
 * not a reason to skip. Every page of every context it opens is guarded (see guardPage).
 */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium package`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => guardContext(await newContext(options));
  return browser;
}
