import type { z } from "zod";
import { errors } from "./errors";

/** Parses untrusted input; a failure becomes a 400 listing every problem, before any other work. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  const first = issues[0];
  const message = first ? (first.path ? `${first.path}: ${first.message}` : first.message) : "Invalid input";
  throw errors.invalid(message, issues);
}
