/** Server action bodies this app accepts: at most this size and nesting (a form's fields are flat). */
export const MAX_ACTION_BYTES = 64 * 1024;
export const MAX_ACTION_DEPTH = 32;

/**
 * Next.js decodes a server action's arguments before the action runs, and answers garbage or
 * thousands of nested arrays with a 500 and a stack in the log. Our actions take plain objects,
 * which React sends as JSON text: anything else is refused here with a 4xx, before Next.js.
 * Returns [status, message] for a bad request, or null.
 */
export function checkActionBody(contentType: string, body: string): [number, string] | null {
  if (Buffer.byteLength(body) > MAX_ACTION_BYTES) return [413, `Request body is larger than ${MAX_ACTION_BYTES} bytes`];
  if (!/^text\/plain\b/i.test(contentType)) return null; // multipart: Next.js parses it with its own limits
  if (jsonDepth(body) > MAX_ACTION_DEPTH) return [400, "The action's arguments are nested too deeply"];
  try {
    JSON.parse(body);
  } catch {
    return [400, "The action's arguments are not valid"];
  }
  return null;
}

/** Deepest nesting of [ and { outside strings, without recursion (so depth cannot blow the stack). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) max = Math.max(max, ++depth);
    else if (c === 93 || c === 125) depth--;
  }
  return max;
}
