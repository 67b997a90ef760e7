import { uploadAttachment } from "@/lib/chat/attachments";
import type { Attachment } from "@/lib/chat/types";
import { json, route } from "@/lib/http/handler";
import { receiveUpload } from "@/lib/http/multipart";
import { limits } from "@/lib/http/rate-limit";

/** multipart/form-data with one file in field "file"; streamed to storage, never buffered whole. */
export const POST = route(async ({ req, deps, user }) => {
  limits.upload.take(user.id);
  const attachment = await receiveUpload<Attachment>(
    req,
    { maxBytes: deps.uploads.maxBytes, discard: (a) => deps.files.remove([a.id]) },
    ({ name, source }) => uploadAttachment(deps, user.id, { name, source }),
  );
  return json({ attachment }, 201);
});
