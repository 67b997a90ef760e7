import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const drivers = ["better-sqlite3", "mongodb", "kafkajs", "@node-rs/argon2", "pusher"];
const adapters = ["@/lib/store/sqlite", "@/lib/store/sqlite/*", "@/lib/store/mongo", "@/lib/store/mongo/*", "@/lib/realtime/kafka-bus", "@/lib/realtime/local-bus", "@/lib/realtime/pusher-bus"];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", "**/.next/**", ".next-*/**", "node_modules/**", "data/**", "test-results/**", "next-env.d.ts", ".tmp/**"]),
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
    },
  },
  {
    // The layering, enforced: use cases know no driver and no adapter.
    files: ["lib/chat/**"],
    rules: {
      "no-restricted-imports": ["error", { paths: drivers, patterns: [...adapters, "next", "next/*", "next-auth", "next-auth/*"] }],
    },
  },
  {
    // Pages and route handlers reach adapters only through lib/server/container.
    files: ["app/**", "components/**"],
    rules: { "no-restricted-imports": ["error", { paths: drivers, patterns: adapters }] },
  },
  {
    // Client code never reaches server modules (some skip "server-only": the Pages Router stream uses them).
    files: ["components/**", "app/**/*-client.tsx"],
    rules: {
      "no-restricted-imports": ["error", { paths: drivers, patterns: [...adapters, "@/lib/server/*", "@/lib/http/*", "@/lib/auth/*", "@/lib/store/*", "@/lib/realtime/*"] }],
    },
  },
  {
    files: ["tests/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
]);
