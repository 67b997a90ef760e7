import { attachmentThumbnail } from "@/lib/chat/attachments";
import { sendThumbnail } from "@/lib/http/file-response";
import { nodeRoute } from "@/lib/http/node-route";

/** A WebP at most 320 px, made once (at upload, or on first request) and kept in storage. */
export const config = { api: { bodyParser: false } };

export default nodeRoute({
  GET: async ({ req, res, params, deps, user }) => {
    const { file, thumbnail } = await attachmentThumbnail(deps, user.id, params.id);
    sendThumbnail(req, res, file.id, thumbnail);
  },
});
