/**
 * Runs once when the server starts: validates configuration (a bad value stops the start with a
 * message naming it), connects the store and bus before the first request, and closes them
 * cleanly on SIGTERM / SIGINT.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Files this server creates (database, uploads, secret) are readable by its own user only.
  process.umask(0o077);
  // Before any request: rate limits key on the socket address, which only this hook can see.
  const { installPeerAddress } = await import("./lib/http/peer-address");
  installPeerAddress({ trustProxy: Boolean(process.env.TRUST_PROXY?.trim()) });
  const { boot } = await import("./lib/server/boot");
  await boot();
}
