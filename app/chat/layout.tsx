import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { ChatShell } from "@/components/chat/chat-shell";

export const dynamic = "force-dynamic";

export default async function ChatLayout({ children }: { children: React.ReactNode }) {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  return <ChatShell currentUser={user}>{children}</ChatShell>;
}
