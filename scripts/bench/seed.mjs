// Benchmark setup: people and rooms written straight into the app's SQLite file (after the app
// created its schema), and session cookies minted with the app's secret, so 10,000 people cost
// no password hashing and no sign-in round trips. Only the rows the store itself would write.
import Database from "better-sqlite3";
import { randomBytes } from "node:crypto";
import { encode } from "next-auth/jwt";

const newId = () => randomBytes(16).toString("base64url");

/** `count` people in rooms of `roomSize` (person i is in room floor(i / roomSize)). */
export function seedSqlite(file, { count, roomSize, prefix = "bench" }) {
  const db = new Database(file);
  db.pragma("busy_timeout = 10000");
  const now = new Date().toISOString();
  const people = [];
  const rooms = [];
  db.transaction(() => {
    const user = db.prepare(
      `INSERT INTO users (id, username, username_lower, display_name, display_name_lower, password_hash, created_at)
       VALUES (?, ?, ?, ?, ?, 'not-a-hash', ?)`,
    );
    // Each person is signed in once: a live sessions row, as next-auth's sign-in records it.
    const session = db.prepare(`INSERT INTO sessions (id, user_id, created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, NULL)`);
    const expires = new Date(Date.now() + 30 * 86_400_000).toISOString();
    for (let i = 0; i < count; i++) {
      const id = newId();
      const sid = newId();
      const name = `${prefix}${i}`;
      user.run(id, name, name, name, name, now);
      session.run(sid, id, now, expires);
      people.push({ i, id, sid, username: name, room: Math.floor(i / roomSize) });
    }
    const conv = db.prepare(
      `INSERT INTO conversations (id, type, name, direct_key, created_at, last_activity_at, last_seq) VALUES (?, 'group', ?, NULL, ?, ?, 1)`,
    );
    const member = db.prepare(
      `INSERT INTO members (conversation_id, user_id, role, joined_at, joined_seq) VALUES (?, ?, ?, ?, 1)`,
    );
    const event = db.prepare(
      `INSERT INTO events (conversation_id, seq, type, at) VALUES (?, 1, 'conversation.created', ?)`,
    );
    for (let r = 0; r * roomSize < count; r++) {
      const id = newId();
      conv.run(id, `room ${r}`, now, now);
      event.run(id, now);
      rooms.push(id);
      for (let i = r * roomSize; i < Math.min(count, (r + 1) * roomSize); i++) {
        member.run(id, people[i].id, i === r * roomSize ? "admin" : "member", now);
      }
    }
  })();
  db.close();
  for (const p of people) p.conversationId = rooms[p.room];
  return people;
}

/** next-auth session cookies for each person, as the sign-in would have set them. */
export async function mintCookies(people, secret) {
  for (const p of people) {
    const token = await encode({ token: { sub: p.id, id: p.id, sid: p.sid, username: p.username, name: p.username }, secret });
    p.cookie = `next-auth.session-token=${token}`;
  }
}
