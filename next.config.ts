import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Lets tests and parallel builds keep separate output folders.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Native and driver packages stay plain Node requires, not bundled.
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2", "mongodb", "kafkajs"],
  poweredByHeader: false,
  experimental: {
    // Server action bodies: the register form sends a few hundred bytes. proxy.ts reads a copy of
    // each action body (to refuse garbage with a 4xx), so it buffers no more than this either.
    serverActions: { bodySizeLimit: "64kb" },
    proxyClientMaxBodySize: "64kb",
  },
};

export default nextConfig;
