import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.resolve(import.meta.dirname, "../..");

/**
 * `npm run faults`: fault runs against real processes (not part of `npm test`; minutes, not
 * seconds). Each kills or starves something mid-burst and prints acknowledged vs persisted vs
 * delivered. Builds the app first unless SKIP_BUILD=1. One scenario: `npm run faults -- disk`.
 * The databases and brokers killed here are the run's own instances, never the shared ones.
 */
export default defineConfig({
  resolve: { alias: { "@": root, "server-only": path.join(root, "tests/helpers/server-only-stub.ts") } },
  test: {
    root,
    include: ["scripts/faults/**/*.faults.ts"],
    environment: "node",
    testTimeout: 600_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    globalSetup: ["tests/helpers/global-setup.ts"],
  },
});
