import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.resolve(import.meta.dirname, "../..");

/**
 * Ad-hoc benchmarks against the real services (not part of `npm test`):
 *   npx vitest run --config scripts/bench/vitest.config.mts            # all
 *   npx vitest run --config scripts/bench/vitest.config.mts mongo      # one
 * MONGO_URL / KAFKA_BROKERS override the local FerretDB and Kafka.
 */
export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    root,
    include: ["scripts/bench/**/*.bench.ts"],
    environment: "node",
    testTimeout: 600_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
