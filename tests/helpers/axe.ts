import fs from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import type * as Axe from "axe-core";

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** axe-core's WCAG 2.1 A/AA violations on the page as it is now, one readable line per failing node. */
export async function axeViolations(page: Page): Promise<{ violations: string[]; passed: string[]; incomplete: string[] }> {
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState !== "running" || a.effect?.getComputedTiming().iterations === Infinity),
  );
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: typeof Axe }).axe;
    const r = await axe.run(document, { runOnly: { type: "tag", values: tags } });
    return {
      violations: r.violations.flatMap((v) =>
        v.nodes.map((n) => `${v.id}: ${n.target.join(" ")} — ${(n.failureSummary ?? "").replace(/\s+/g, " ")}`),
      ),
      passed: r.passes.map((p) => p.id),
      incomplete: r.incomplete.flatMap((v) =>
        v.nodes.map((n) => `${v.id}: ${n.target.join(" ")} — ${[...n.any, ...n.all].map((c) => c.message).join("; ")}`),
      ),
    };
  }, WCAG_TAGS);
}

/** Asserts no violation; requires that color-contrast was checked, so an empty page cannot pass. */
export async function expectNoAxeViolations(page: Page, where: string) {
  const { violations, passed, incomplete } = await axeViolations(page);
  if (!passed.includes("color-contrast")) {
    throw new Error(`[${where}] axe did not check color-contrast; undecided:\n${incomplete.slice(0, 20).join("\n")}`);
  }
  if (violations.length) throw new Error(`[${where}] axe violations:\n${violations.join("\n")}`);
}
