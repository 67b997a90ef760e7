/** Only same-site paths are followed after sign-in, so a crafted link cannot bounce people elsewhere. */
export function safeCallbackUrl(value: string | string[] | undefined, fallback = "/chat"): string {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v || !v.startsWith("/") || v.startsWith("//") || v.startsWith("/\\")) return fallback;
  return v;
}
