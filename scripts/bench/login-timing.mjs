#!/usr/bin/env node
// Does the sign-in answer time reveal which accounts exist? Times N failed sign-ins for a real
// account (wrong password) and N for unknown names, interleaved, against a running app.
//   node scripts/bench/login-timing.mjs [--url http://127.0.0.1:3000] [--n 40]
import { randomBytes } from "node:crypto";

const args = Object.fromEntries(process.argv.slice(2).reduce((a, x, i, all) => (x.startsWith("--") ? [...a, [x.slice(2), all[i + 1]]] : a), []));
const URL = args.url ?? "http://127.0.0.1:3000";
const N = Math.min(Number(args.n ?? 40), 200);
const run = randomBytes(3).toString("hex");

async function attempt(username, password) {
  const csrfRes = await fetch(`${URL}/api/auth/csrf`);
  const cookie = csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const { csrfToken } = await csrfRes.json();
  const t = performance.now();
  const res = await fetch(`${URL}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { cookie, "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": `10.9.${run.length}.${Math.floor(Math.random() * 250)}` },
    body: new URLSearchParams({ csrfToken, username, password, json: "true" }),
    redirect: "manual",
  });
  await res.text();
  return { ms: performance.now() - t, status: res.status };
}

// Distinct real accounts so the per-username limiter never answers instead of the password check.
const real = [];
for (let i = 0; i < N; i++) {
  const name = `timing${i}-${run}`;
  await fetch(`${URL}/api/register`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": `10.8.${i % 250}.${Math.floor(i / 250)}` },
    body: JSON.stringify({ username: name, password: "the-right-password" }),
  });
  real.push(name);
}
const wrong = [];
const unknown = [];
for (let i = 0; i < N; i++) {
  wrong.push((await attempt(real[i], "a-wrong-password")).ms);
  unknown.push((await attempt(`ghost${i}-${run}`, "a-wrong-password")).ms);
}
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return `mean ${mean.toFixed(1)} ms · median ${s[Math.floor(s.length / 2)].toFixed(1)} ms · p90 ${s[Math.floor(s.length * 0.9)].toFixed(1)} ms`;
};
console.log(`login-timing ${URL}, ${N} attempts each`);
console.log(`wrong password, real account: ${stats(wrong)}`);
console.log(`unknown account:              ${stats(unknown)}`);
