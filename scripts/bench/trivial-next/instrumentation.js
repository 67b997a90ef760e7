// Nothing: without this file Turbopack (root = the repo, for the shared node_modules) bundles the
// app's instrumentation.ts into the trivial app, which would then boot the chat store.
export function register() {}
