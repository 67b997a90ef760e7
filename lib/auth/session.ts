import "server-only";
import { getServerSession } from "next-auth";
import { errors } from "@/lib/chat/errors";
import type { User } from "@/lib/chat/types";
import { container } from "@/lib/server/container";
import { authOptions } from "./options";

/** The signed-in user, or null. The account must still exist (a token outlives nothing). */
export async function getCurrentUser(): Promise<User | null> {
  const session = await getServerSession(authOptions());
  const id = session?.user?.id;
  if (!id) return null;
  const { store } = await container();
  return store.findUserById(id);
}

/** For route handlers: the user, or a 401. */
export async function requireUser(): Promise<User> {
  const user = await getCurrentUser();
  if (!user) throw errors.unauthorized();
  return user;
}
