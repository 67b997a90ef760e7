import { randomBytes } from "node:crypto";

/** 128-bit random ids, URL-safe (22 chars). Order carries no meaning: ordering comes from seq. */
export function newId(): string {
  return randomBytes(16).toString("base64url");
}
