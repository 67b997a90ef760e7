import { randomFillSync } from "node:crypto";

const ID_BYTES = 16;
/** Random bytes drawn from the CSPRNG at once and handed out 16 at a time (as randomUUID does). */
const pool = Buffer.alloc(ID_BYTES * 256);
let offset = pool.length;

/** 128-bit random ids, URL-safe (22 chars). Order carries no meaning: ordering comes from seq. */
export function newId(): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const id = pool.toString("base64url", offset, offset + ID_BYTES);
  // A byte is handed out once: overwritten so no later read of the pool can see an issued id.
  pool.fill(0, offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return id;
}
