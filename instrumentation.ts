/**
 * Runs once when the server starts: validates configuration (a bad value stops the start with a
 * message naming it), connects the store and bus before the first request, and closes them
 * cleanly on SIGTERM / SIGINT.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { boot } = await import("./lib/server/boot");
  await boot();
}
