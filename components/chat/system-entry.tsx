"use client";

import type { SystemEntry } from "@/lib/chat/types";
import { useTimeFormat } from "./use-time-format";

/** "Alice added Carol", "You left", … — people are named as the reader knows them. */
export function describeSystemEntry(e: SystemEntry, nameOf: (userId: string) => string, meId: string): string {
  const who = (id: string | null, fallback = "Someone") => (id === null ? fallback : id === meId ? "You" : nameOf(id));
  const actor = who(e.actorId);
  const subject = who(e.userId);
  let text: string;
  switch (e.action) {
    case "created":
      text = e.name !== null ? `${actor} created the group “${e.name}”` : `${actor} started this conversation`;
      break;
    case "added":
      text = `${actor} added ${e.userId === meId ? "you" : subject}`;
      break;
    case "joined":
      text = `${subject} joined`;
      break;
    case "removed":
      text = `${actor} removed ${e.userId === meId ? "you" : subject}`;
      break;
    case "left":
      text = `${subject} left`;
      break;
    case "renamed":
      text = `${actor} renamed the group to “${e.name ?? ""}”`;
      break;
    case "visibility":
      text =
        e.visibility === "public"
          ? `${actor} made the group public: anyone can find and join it`
          : `${actor} made the group private`;
      break;
  }
  if (e.promotedUserId) text += `. ${who(e.promotedUserId)} ${e.promotedUserId === meId ? "are" : "is"} now an admin`;
  return text;
}

export function SystemEntryItem({ entry, nameOf, meId }: { entry: SystemEntry; nameOf: (userId: string) => string; meId: string }) {
  const t = useTimeFormat();
  return (
    <li className="flex justify-center px-4 py-1.5" data-system-seq={entry.seq} data-testid="system-entry">
      <p className="max-w-full rounded-full bg-slate-100 px-3 py-1 text-center text-xs text-slate-700">
        {describeSystemEntry(entry, nameOf, meId)}
        <time dateTime={entry.at} title={t.full(entry.at)} className="ml-2 text-slate-600">
          {t.time(entry.at)}
        </time>
      </p>
    </li>
  );
}
