import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return <Skeleton label="Loading…" rows={6} shape="bubble" className="mt-auto pb-24" />;
}
