import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Lets tests and parallel builds keep separate output folders.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Native and driver packages stay plain Node requires, not bundled.
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2", "mongodb", "kafkajs"],
  poweredByHeader: false,
};

export default nextConfig;
