import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { verifyCredentials } from "@/lib/chat/accounts";
import { env } from "@/lib/config/env";
import { ensureAuthSecret } from "@/lib/config/secret";
import { signInUnavailableCode } from "@/lib/http/unavailable";
import { container } from "@/lib/server/container";

declare module "next-auth" {
  interface Session {
    user: { id: string; username: string; name: string };
  }
  interface User {
    username: string;
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    id: string;
    username: string;
  }
}

// Self-hosted: without NEXTAUTH_URL, trust the Host header instead of assuming localhost:3000.
if (!process.env.NEXTAUTH_URL) process.env.AUTH_TRUST_HOST ??= "true";

let cached: NextAuthOptions | undefined;

export function authOptions(): NextAuthOptions {
  cached ??= {
    secret: ensureAuthSecret(env()),
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/login" },
    providers: [
      CredentialsProvider({
        name: "Username and password",
        credentials: {
          username: { label: "Username", type: "text" },
          password: { label: "Password", type: "password" },
        },
        async authorize(credentials) {
          try {
            const user = await verifyCredentials(await container(), credentials);
            return user ? { id: user.id, name: user.displayName, username: user.username } : null;
          } catch (err) {
            // next-auth puts a thrown message in the error URL it answers with: send a code, never
            // the driver's words; the auth route turns the code into 503 unavailable:store.
            throw new Error(signInUnavailableCode(err));
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.id = user.id;
          token.username = user.username;
        }
        return token;
      },
      session({ session, token }) {
        session.user = { id: token.id, username: token.username, name: token.name ?? token.username };
        return session;
      },
    },
  };
  return cached;
}
