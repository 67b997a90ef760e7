const BASE = "http://app.invalid";

/**
 * Only paths of this site are followed after sign-in, so a crafted link cannot bounce people
 * elsewhere. The check is the URL parser's own verdict, not a prefix test: browsers drop tabs and
 * newlines and read "\" as "/", so "/\t/evil.example" would become "//evil.example".
 */
export function safeCallbackUrl(value: string | string[] | undefined, fallback = "/chat"): string {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v || !v.startsWith("/") || /[\u0000-\u0020\u007f\\]/.test(v)) return fallback;
  let url: URL;
  try {
    url = new URL(v, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  return url.pathname + url.search + url.hash;
}
