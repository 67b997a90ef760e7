import { z } from "zod";

/** POST /api/presence/activity takes a JSON object (fields ignored, as everywhere): the request is the signal. */
export const activitySchema = z.object({}, { error: "Send a JSON object, {}" });
