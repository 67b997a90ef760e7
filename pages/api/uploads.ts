import { uploadAttachment } from "@/lib/chat/attachments";
import type { Attachment } from "@/lib/chat/types";
import { receiveUpload } from "@/lib/http/multipart";
import { nodeRoute, sendJson } from "@/lib/http/node-route";
import { limits } from "@/lib/http/rate-limit";

/**
 * multipart/form-data with one file in field "file", streamed to storage with backpressure from
 * Node's request. A Pages Router route: the App Router reads every request body into memory as
 * fast as the socket delivers it, whatever the handler consumes (docs/decisions.md).
 */
export const config = { api: { bodyParser: false } };

export default nodeRoute({
  POST: async ({ req, res, deps, user }) => {
    limits.upload.take(user.id);
    const attachment = await receiveUpload<Attachment>(
      req,
      { maxBytes: deps.uploads.maxBytes, discard: (a) => deps.files.remove([a.id]) },
      ({ name, source }) => uploadAttachment(deps, user.id, { name, source }),
    );
    sendJson(res, 201, { attachment });
  },
});
