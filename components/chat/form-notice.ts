import { MESSAGE_MAX_LENGTH } from "@/lib/chat/schemas";

/**
 * What a message form said when it was sent without JavaScript (a server action that redirects
 * back to the conversation with `?notice=<code>`). Codes, never free text: a link cannot make the
 * page say something the app did not.
 */
export const FORM_NOTICES = {
  sent: { tone: "ok", text: "Message sent." },
  edited: { tone: "ok", text: "Message edited." },
  deleted: { tone: "ok", text: "Message deleted." },
  empty: { tone: "error", text: "Not sent: a message cannot be empty." },
  too_long: { tone: "error", text: `Not sent: a message can be at most ${MESSAGE_MAX_LENGTH} characters.` },
  invalid: { tone: "error", text: "Not sent: the form was not filled in as expected. Reload the page and try again." },
  not_found: { tone: "error", text: "That message or conversation does not exist, or you are not a member." },
  not_yours: { tone: "error", text: "You can only edit or delete your own messages." },
  conflict: { tone: "error", text: "That message was deleted, so it cannot be edited." },
  rate_limited: { tone: "error", text: "Too many messages at once. Wait a few seconds and try again." },
  origin: { tone: "error", text: "Requests from other sites cannot change anything here." },
  unavailable: { tone: "error", text: "The server is busy right now. Try again in a moment." },
  failed: { tone: "error", text: "Something went wrong on our side. Try again." },
} as const satisfies Record<string, { tone: "ok" | "error"; text: string }>;

export type FormNoticeCode = keyof typeof FORM_NOTICES;

export function parseNotice(value: unknown): FormNoticeCode | null {
  return typeof value === "string" && Object.hasOwn(FORM_NOTICES, value) ? (value as FormNoticeCode) : null;
}

/** The end of the message history: the redirect's fragment, so the browser shows the newest messages. */
export const LATEST_ANCHOR = "latest";
