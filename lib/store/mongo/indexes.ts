import type { Collection, Document, IndexDescription } from "mongodb";

/**
 * Creates the indexes that do not exist yet (by name). Asking again for existing ones would be
 * harmless on MongoDB, but FerretDB 1.24 panics on a batch of several already-existing indexes.
 */
export async function ensureIndexes<T extends Document>(collection: Collection<T>, specs: IndexDescription[]) {
  const existing = await collection.listIndexes().toArray().catch((err: { code?: number }) => {
    if (err.code === 26) return []; // NamespaceNotFound: the collection is created with its first index
    throw err;
  });
  const names = new Set(existing.map((i) => i.name as string));
  const missing = specs.filter((s) => !names.has(s.name!));
  if (missing.length > 0) await collection.createIndexes(missing);
}
