import Database from "better-sqlite3";
import { cacheStatements } from "@/lib/store/sqlite/statement-cache";

function db() {
  const d = cacheStatements(new Database(":memory:"));
  d.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
  return d;
}

describe("cached prepared statements (SQLite adapter)", () => {
  it("compiles each SQL text once and the statement keeps working with new parameters", () => {
    const d = db();
    const insert = d.prepare("INSERT INTO t (v) VALUES (?)");
    expect(d.prepare("INSERT INTO t (v) VALUES (?)")).toBe(insert);
    insert.run("a");
    d.prepare("INSERT INTO t (v) VALUES (?)").run("b");
    expect(d.prepare("SELECT v FROM t ORDER BY id").all()).toEqual([{ v: "a" }, { v: "b" }]);
    expect(d.prepare("SELECT v FROM t WHERE id = ?").get(2)).toEqual({ v: "b" });
    expect(d.prepare("SELECT v FROM t WHERE id = ?").get(1)).toEqual({ v: "a" });
  });

  it("keeps at most 256 texts, dropping the least recently used", () => {
    const d = db();
    const hot = d.prepare("SELECT 0 AS n");
    for (let i = 1; i <= 300; i++) {
      d.prepare(`SELECT ${i} AS n`);
      d.prepare("SELECT 0 AS n"); // used all along: stays
    }
    expect(d.prepare("SELECT 0 AS n")).toBe(hot);
    const early = d.prepare("SELECT 1 AS n"); // pushed out long ago: compiled afresh
    expect(early.get()).toEqual({ n: 1 });
    expect(d.prepare("SELECT 1 AS n")).toBe(early);
  });

  it("a cached statement follows a schema change", () => {
    const d = db();
    d.prepare("INSERT INTO t (v) VALUES (?)").run("a");
    const all = d.prepare("SELECT * FROM t");
    expect(all.all()).toEqual([{ id: 1, v: "a" }]);
    d.exec("ALTER TABLE t ADD COLUMN w TEXT DEFAULT 'x'");
    expect(d.prepare("SELECT * FROM t").all()).toEqual([{ id: 1, v: "a", w: "x" }]);
  });
});
