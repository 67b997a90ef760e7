import { hash, verify } from "@node-rs/argon2";
import type { PasswordHasher } from "@/lib/chat/deps";

/** argon2id with the library's defaults (19 MiB, t=2, p=1: the OWASP baseline). */
export const argon2Hasher: PasswordHasher = {
  hash: (password) => hash(password),
  verify: async (digest, password) => {
    try {
      return await verify(digest, password);
    } catch {
      return false; // a malformed stored hash never authenticates
    }
  },
};
