import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./app-server";

/** Builds the app once for every integration and e2e file (`next start` needs a build). */
export default function setup() {
  const dist = path.join(ROOT, process.env.NEXT_DIST_DIR || ".next");
  if (process.env.SKIP_BUILD === "1" && fs.existsSync(path.join(dist, "BUILD_ID"))) return;
  const started = Date.now();
  execFileSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  console.log(`[global-setup] next build took ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
