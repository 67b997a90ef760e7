import { findVisibleAttachment } from "@/lib/chat/attachments";
import { sendFile } from "@/lib/http/file-response";
import { nodeRoute } from "@/lib/http/node-route";

/**
 * The file's bytes, streamed from storage with Content-Length. A Pages Router route: App Router
 * responses lose Content-Length (docs/decisions.md).
 */
export const config = { api: { bodyParser: false, responseLimit: false } };

export default nodeRoute({
  GET: async ({ req, res, params, deps, user }) => {
    const file = await findVisibleAttachment(deps, user.id, params.id);
    await sendFile(req, res, file, (range) => deps.files.read(file.id, range));
  },
});
