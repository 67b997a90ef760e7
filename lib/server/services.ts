import "server-only";
import * as accounts from "@/lib/chat/accounts";
import { container } from "./container";

/** Entry points for server actions, bound to this process's adapters. */
export async function registerUser(input: unknown) {
  return accounts.registerUser(await container(), input);
}
