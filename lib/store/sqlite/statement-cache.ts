import type Database from "better-sqlite3";

/** Distinct SQL texts kept; texts built per call (`IN (?,?,…)` of varying length) push out the oldest. */
const MAX_STATEMENTS = 256;

/**
 * Makes `db.prepare(sql)` return one compiled statement per SQL text. Compiling was ~10 % of a
 * send's server time (CPU profile, scripts/bench/send-profile.mjs); the adapters keep writing
 * their SQL inline where it is used. Safe because no caller changes a statement's mode (pluck,
 * raw, expand) or iterates one: `get`/`all`/`run` finish before the next call, and SQLite
 * re-prepares a statement by itself after a schema change.
 */
export function cacheStatements(db: Database.Database): Database.Database {
  const compile = db.prepare.bind(db);
  const cache = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    let statement = cache.get(sql);
    if (statement) {
      cache.delete(sql); // re-inserted below: the Map's order is least recently used first
    } else {
      statement = compile(sql);
      if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, statement);
    return statement;
  }) as Database.Database["prepare"];
  return db;
}
