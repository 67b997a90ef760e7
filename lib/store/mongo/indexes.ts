import { MongoNetworkError, type Collection, type Db, type Document, type IndexDescription } from "mongodb";

/**
 * Creates the indexes that do not exist yet (by name). Asking again for existing ones would be
 * harmless on MongoDB, but FerretDB 1.24 panics on a batch of several already-existing indexes.
 */
export async function ensureIndexes<T extends Document>(collection: Collection<T>, specs: IndexDescription[], opts: { arrayIndexes?: boolean } = {}) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ensureIndexesOnce(collection, specs, opts);
    } catch (err) {
      // The same FerretDB crash when another process creates the same fresh database at once
      // (two instances starting together): the connection drops, and asking again is safe.
      if (!(err instanceof MongoNetworkError) || attempt >= NETWORK_ATTEMPTS) throw err;
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
}

const NETWORK_ATTEMPTS = 3;

async function ensureIndexesOnce<T extends Document>(collection: Collection<T>, specs: IndexDescription[], opts: { arrayIndexes?: boolean }) {
  const existing = await collection.listIndexes().toArray().catch((err: { code?: number }) => {
    if (err.code === 26) return []; // NamespaceNotFound: the collection is created with its first index
    throw err;
  });
  const names = new Set(existing.map((i) => i.name as string));
  if (opts.arrayIndexes === false) {
    for (const name of names) if (ARRAY_INDEXES.has(name)) await collection.dropIndex(name); // made by an older version
    specs = specs.filter((s) => !ARRAY_INDEXES.has(s.name!));
  }
  const missing = specs.filter((s) => !names.has(s.name!));
  if (missing.length > 0) await collection.createIndexes(missing);
}

/**
 * Indexes over array fields (a message's search words and mentions, the people an entry adds).
 * MongoDB makes them multikey: one key per element. FerretDB 1.x on PostgreSQL indexes the whole
 * array as one value, which cannot serve an element match, and refuses any insert whose array
 * is over PostgreSQL's btree row limit (2,704 bytes: a long message's ~300 distinct words, ~100
 * mentions, a group created with ~100 people). On FerretDB they are not made (and dropped if an
 * older version made them); its queries on those fields scan, as they did with the index.
 */
export const ARRAY_INDEXES = new Set(["fts_terms_at", "conversation_mentions_seq", "joins"]);

/** False on FerretDB (see ARRAY_INDEXES), which names itself in buildInfo. */
export async function supportsArrayIndexes(db: Db): Promise<boolean> {
  const info = await db.admin().command({ buildInfo: 1 }).catch(() => ({})); // not answered: assume MongoDB
  return !("ferretdbVersion" in info);
}
