import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { verifyCredentials } from "@/lib/chat/accounts";
import { endSession, SESSION_MAX_AGE_S, sessionUser, startSession } from "@/lib/chat/sessions";
import { recheckSessionsOf } from "@/lib/realtime/session-watch";
import { env } from "@/lib/config/env";
import { ensureAuthSecret } from "@/lib/config/secret";
import { signInUnavailableCode } from "@/lib/http/unavailable";
import { container } from "@/lib/server/container";
import { isStoreUnavailable } from "@/lib/store/store-fault";

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
    /** The sign-in (a row in the store) this token belongs to: revoking it ends the token. */
    sid?: string;
  }
}

// Self-hosted: without NEXTAUTH_URL, trust the Host header instead of assuming localhost:3000.
if (!process.env.NEXTAUTH_URL) process.env.AUTH_TRUST_HOST ??= "true";

let cached: NextAuthOptions | undefined;

export function authOptions(): NextAuthOptions {
  cached ??= {
    secret: ensureAuthSecret(env()),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: "/login" },
    logger,
    events: {
      // Sign-out ends this sign-in in the store, so a copy of the cookie stops working too.
      async signOut({ token }) {
        if (token?.id && token.sid) {
          await endSession(await container(), { userId: token.id, sessionId: token.sid });
          await recheckSessionsOf(token.id); // its open streams on this instance end now
        }
      },
    },
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
      async jwt({ token, user }) {
        const deps = await container();
        if (user) {
          token.id = user.id;
          token.username = user.username;
          token.sid = (await startSession(deps, user.id)).id;
          return token;
        }
        // Reading or renewing a session (/api/auth/session): an ended one is not renewed; next-auth
        // answers {} and clears the cookie when this throws.
        const live = await sessionUser(deps, { sessionId: token.sid, userId: token.id }).catch((err: unknown) => {
          // A store outage is not a sign-out: keep the cookie (every API call still checks and 503s).
          if (isStoreUnavailable(err)) return "unknown" as const;
          throw err;
        });
        if (!live) throw new SessionEnded();
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

class SessionEnded extends Error {
  constructor() {
    super("session ended");
    this.name = "SessionEnded";
  }
}

/** One line per event, never a stack: forged or ended tokens are routine, not bugs. */
const logger: NextAuthOptions["logger"] = {
  error(code, metadata) {
    const err = (metadata as { error?: Error } | Error | undefined) ?? undefined;
    const cause = err instanceof Error ? err : err?.error;
    if (cause?.name === "SessionEnded") return;
    console.warn(`[auth] ${code}: ${cause?.message ?? ""}`.trim());
  },
  warn(code) {
    console.warn(`[auth] ${code}`);
  },
  debug() {},
};
