import { attachmentThumbnail } from "@/lib/chat/attachments";
import { thumbnailResponse } from "@/lib/http/file-response";
import { route } from "@/lib/http/handler";

/** A WebP at most 320 px, made once (at upload, or on first request) and kept in storage. */
export const GET = route(async ({ req, params, deps, user }) => {
  const { file, thumbnail } = await attachmentThumbnail(deps, user.id, params.id);
  return thumbnailResponse(req, file.id, thumbnail);
});
