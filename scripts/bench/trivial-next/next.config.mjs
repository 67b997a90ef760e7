import path from "node:path";
import { fileURLToPath } from "node:url";

// The benchmark's "trivial Next.js app": same Next install as the app, nothing else.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const config = { distDir: process.env.NEXT_DIST_DIR || ".next", turbopack: { root }, poweredByHeader: false };
export default config;
