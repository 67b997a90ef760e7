/** Longest stored name, in characters; longer names keep their extension. */
export const FILE_NAME_MAX = 200;

/**
 * A client's file name made safe to store and show: the last path segment only, no control or
 * bidirectional-override characters (which can disguise "exe.pdf"), no leading dots, bounded.
 */
export function sanitizeFileName(raw: unknown): string {
  let name = typeof raw === "string" ? raw.normalize("NFC") : "";
  name = name.split(/[/\\]/).pop() ?? "";
  name = name.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g, "");
  name = name.replace(/\s+/g, " ").trim().replace(/^\.+/, "").trim();
  const chars = [...name];
  if (chars.length > FILE_NAME_MAX) {
    const ext = /\.[A-Za-z0-9]{1,10}$/.exec(name)?.[0] ?? "";
    name = chars.slice(0, FILE_NAME_MAX - ext.length).join("") + ext;
  }
  return name || "file";
}
