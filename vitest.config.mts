import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";
import path from "node:path";

const alias = { "@": path.resolve(import.meta.dirname, "."), "server-only": path.resolve(import.meta.dirname, "tests/helpers/server-only-stub.ts") };

/**
 * Three layers, all run by `npm test`:
 *  - unit: rules and components (jsdom for *.test.tsx), no I/O
 *  - contract: every ChatStore / EventBus adapter against real SQLite, FerretDB and Kafka
 *  - integration + e2e: the real app over real HTTP (and real Chromium), one file at a time
 */
export default defineConfig({
  plugins: [react()],
  resolve: { alias },
  test: {
    globals: true,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          sequence: { groupOrder: 0 },
          include: ["tests/unit/**/*.test.{ts,tsx}"],
          environment: "node",
          // Component tests render real React trees; 5 s is too little on a loaded 2-core machine.
          testTimeout: 20_000,
          setupFiles: ["tests/helpers/setup-dom.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "contract",
          sequence: { groupOrder: 1 },
          include: ["tests/contract/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          sequence: { groupOrder: 2 },
          include: ["tests/integration/**/*.test.ts", "tests/e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 240_000,
          fileParallelism: false,
          globalSetup: ["tests/helpers/global-setup.ts"],
        },
      },
    ],
  },
});
