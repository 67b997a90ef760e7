/**
 * One error type for every expected failure, with a stable code ("forbidden:conversation") and
 * the HTTP status it maps to. Anything that is not a ChatError is a bug and is logged, not shown.
 */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 503;

export interface ErrorIssue {
  path: string;
  message: string;
}

export class ChatError extends Error {
  constructor(
    readonly code: string,
    readonly status: ErrorStatus,
    message: string,
    readonly issues?: ErrorIssue[],
  ) {
    super(message);
    this.name = "ChatError";
  }

  toJSON() {
    return { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) };
  }
}

export const errors = {
  invalid: (message: string, issues?: ErrorIssue[]) => new ChatError("bad_request:input", 400, message, issues),
  unauthorized: () => new ChatError("unauthorized:session", 401, "You need to sign in"),
  forbidden: (what: string, message: string) => new ChatError(`forbidden:${what}`, 403, message),
  notFound: (what: string, message = `${what[0].toUpperCase()}${what.slice(1)} not found`) =>
    new ChatError(`not_found:${what}`, 404, message),
  conflict: (what: string, message: string) => new ChatError(`conflict:${what}`, 409, message),
  tooLarge: (message: string) => new ChatError("too_large:body", 413, message),
  fileTooLarge: (message: string) => new ChatError("too_large:file", 413, message),
  unsupportedMedia: (message: string) => new ChatError("unsupported:content_type", 415, message),
  crossOrigin: () => new ChatError("forbidden:origin", 403, "Requests from other sites cannot change anything here"),
  rateLimited: (retryAfterSec: number) =>
    new ChatError("rate_limited:request", 429, `Too many requests; retry in ${retryAfterSec}s`),
};
