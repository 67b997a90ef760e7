import { z } from "zod";

/** "X is required" when missing, "X must be text" when some other type was sent. */
const textError = (label: string) => (iss: { input?: unknown }) =>
  iss.input === undefined ? `${label} is required` : `${label} must be text`;

/**
 * Input schemas shared by route handlers, server actions and client forms.
 * Strings are strictly typed: an object such as {"$gt": ""} where a string belongs is rejected.
 */

export const usernameSchema = z
  .string({ error: textError("Username") })
  .trim()
  .toLowerCase()
  .min(3, "Username must be at least 3 characters")
  .max(32, "Username must be at most 32 characters")
  .regex(/^[a-z0-9_.-]+$/, "Username may contain only letters a–z, digits, _ . and -");

export const passwordSchema = z
  .string({ error: textError("Password") })
  .min(8, "Password must be at least 8 characters")
  .max(128, "Password must be at most 128 characters");

export const displayNameSchema = z
  .string({ error: textError("Display name") })
  .trim()
  .min(1, "Display name cannot be empty")
  .max(64, "Display name must be at most 64 characters");

export const registerSchema = z.object({
  username: usernameSchema,
  password: passwordSchema,
  displayName: z.preprocess((v) => (v === "" || v === null ? undefined : v), displayNameSchema.optional()),
});
export type RegisterInput = z.infer<typeof registerSchema>;

export const loginSchema = z.object({
  username: z.string({ error: textError("Username") }).trim().toLowerCase().min(1, "Username is required").max(32),
  password: z.string({ error: textError("Password") }).min(1, "Password is required").max(128),
});
export type LoginInput = z.infer<typeof loginSchema>;

export const idSchema = z
  .string({ error: textError("Id") })
  .min(1, "Id is required")
  .max(64, "Id is too long")
  .regex(/^[A-Za-z0-9_-]+$/, "Malformed id");

export const groupNameSchema = z
  .string({ error: textError("Name") })
  .trim()
  .min(1, "Group name cannot be empty")
  .max(80, "Group name must be at most 80 characters");

export const createConversationSchema = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("direct"), userId: idSchema }),
    z.object({
      type: z.literal("group"),
      name: groupNameSchema,
      memberIds: z.array(idSchema).max(256, "At most 256 initial members").default([]),
      visibility: z.enum(["private", "public"], { error: 'visibility must be "private" or "public"' }).default("private"),
    }),
  ],
  { error: 'type must be "direct" or "group"' },
);
export type CreateConversationInput = z.infer<typeof createConversationSchema>;

export const visibilitySchema = z.enum(["private", "public"], { error: 'visibility must be "private" or "public"' });
/** PATCH a group: a new name, a new visibility, or both. */
export const renameConversationSchema = z
  .object({ name: groupNameSchema.optional(), visibility: visibilitySchema.optional() })
  .refine((v) => v.name !== undefined || v.visibility !== undefined, { message: "Give a name or a visibility to change" });

export const addMemberSchema = z.object({ userId: idSchema });

export const MESSAGE_MAX_LENGTH = 4000;
export const messageTextSchema = z
  .string({ error: textError("Text") })
  .trim()
  .min(1, "Message cannot be empty")
  .max(MESSAGE_MAX_LENGTH, `Message must be at most ${MESSAGE_MAX_LENGTH} characters`);

export const sendMessageSchema = z
  .object({
    /** Optional when the message carries attachments. */
    text: z
      .string({ error: textError("Text") })
      .trim()
      .max(MESSAGE_MAX_LENGTH, `Message must be at most ${MESSAGE_MAX_LENGTH} characters`)
      .optional(),
    clientId: z
      .string({ error: "clientId must be a string" })
      .min(1, "clientId cannot be empty")
      .max(64, "clientId is too long")
      .regex(/^[A-Za-z0-9_-]+$/, "clientId may contain only letters, digits, _ and -")
      .optional(),
    /** The sender's own unattached uploads; the configured per-message limit is checked by the use case. */
    attachmentIds: z
      .array(idSchema, { error: "attachmentIds must be a list of upload ids" })
      .max(100, "Too many attachments")
      .refine((ids) => new Set(ids).size === ids.length, "The same upload is listed twice")
      .optional(),
    /** Answer to a message of the same conversation. */
    replyToId: idSchema.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.text || v.attachmentIds?.length) return;
    ctx.addIssue({ code: "custom", path: ["text"], message: v.text === undefined ? "Text is required" : "Message cannot be empty" });
  });
export const editMessageSchema = z.object({ text: messageTextSchema });
export const markReadSchema = z.object({ messageId: idSchema });

/** A whole-number query parameter in [min, max]; each failure says which rule it broke. */
const intParam = (name: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`);

export const historyQuerySchema = z.object({
  before: intParam("before", 1, Number.MAX_SAFE_INTEGER).optional(),
  limit: intParam("limit", 1, 100).default(50),
});

export const userSearchQuerySchema = z.object({
  q: z.string().trim().max(64, "Query is too long").default(""),
  limit: intParam("limit", 1, 50).default(20),
});

/**
 * One emoji as Unicode recommends it for interchange (RGI: single, keycap, flag, skin tone, ZWJ
 * sequence). A bare symbol that needs the emoji presentation selector ("❤") is stored with it
 * ("❤️"), so both spellings are one reaction. Built at runtime: the `v` flag postdates our TS target.
 */
const RGI_EMOJI = new RegExp("^\\p{RGI_Emoji}$", "v");
export const emojiSchema = z
  .string({ error: textError("Emoji") })
  .max(32, "Emoji must be a single emoji")
  .transform((s) => s.normalize("NFC"))
  .transform((s) => (!RGI_EMOJI.test(s) && RGI_EMOJI.test(`${s}\uFE0F`) ? `${s}\uFE0F` : s))
  .refine((s) => RGI_EMOJI.test(s), "Emoji must be a single emoji");

export const channelQuerySchema = z.object({
  q: z.string().trim().max(80, "Query is too long").default(""),
  limit: intParam("limit", 1, 100).default(50),
});

export const SEARCH_QUERY_MAX = 200;
export const searchQuerySchema = z.object({
  q: z
    .string({ error: "q is required" })
    .trim()
    .min(1, "Type something to search for")
    .max(SEARCH_QUERY_MAX, `Query must be at most ${SEARCH_QUERY_MAX} characters`),
  conversationId: idSchema.optional(),
  before: z
    .string()
    .min(1, "before cannot be empty")
    .max(200, "before is not a cursor from this server")
    .regex(/^[A-Za-z0-9_-]+$/, "before is not a cursor from this server")
    .optional(),
  limit: intParam("limit", 1, 50).default(20),
});

export const updateProfileSchema = z.object({ displayName: displayNameSchema });
export const changePasswordSchema = z.object({
  currentPassword: z.string({ error: textError("Current password") }).min(1, "Current password is required").max(128),
  newPassword: passwordSchema,
});
