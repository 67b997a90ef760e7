import { Skeleton } from "@/components/ui/skeleton";

/**
 * Only here (the home and settings pages, which carry no conversation): a loading boundary streams
 * its page into a hidden element that only a script reveals, so a conversation's page must not be
 * under one — it is readable, and its forms work, before or without JavaScript. Moving between
 * these pages shows the skeleton at once instead of waiting for the server.
 */
export default function Loading() {
  return <Skeleton label="Loading…" rows={6} shape="bubble" className="mt-auto pb-24" />;
}
