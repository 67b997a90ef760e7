import fs from "node:fs";

/**
 * A truncated database file opens fine and fails only when a query reaches a missing page, so
 * the app would start and answer 503 forever. The header says how long the file must be
 * (bytes 28–31, valid when bytes 92–95 equal the change counter at 24–27): a shorter file is
 * corrupt, which start-up reports instead of serving. Costs one 100-byte read.
 */
export function checkFileLength(file: string) {
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch {
    return; // missing (created on open) or unreadable (the open reports it)
  }
  try {
    const header = Buffer.alloc(100);
    const read = fs.readSync(fd, header, 0, 100, 0);
    if (read < 100 || header.toString("latin1", 0, 16) !== "SQLite format 3\0") return; // SQLite judges these itself
    const rawPageSize = header.readUInt16BE(16);
    const pageSize = rawPageSize === 1 ? 65_536 : rawPageSize;
    const pages = header.readUInt32BE(28);
    const sizeValid = header.readUInt32BE(92) === header.readUInt32BE(24);
    const size = fs.fstatSync(fd).size;
    if (sizeValid && pages > 0 && size < pages * pageSize) {
      throw Object.assign(new Error(`database file is truncated: ${size} bytes, its header says ${pages * pageSize}`), {
        code: "SQLITE_CORRUPT",
      });
    }
  } finally {
    fs.closeSync(fd);
  }
}
