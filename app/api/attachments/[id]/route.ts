import { findVisibleAttachment } from "@/lib/chat/attachments";
import { fileResponse } from "@/lib/http/file-response";
import { route } from "@/lib/http/handler";

export const GET = route(async ({ req, params, deps, user }) => {
  const file = await findVisibleAttachment(deps, user.id, params.id);
  return fileResponse(req, file, (range) => deps.files.read(file.id, range));
});
