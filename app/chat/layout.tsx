import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { parseTheme, THEME_COOKIE } from "@/components/ui/theme";
import { getCurrentUser } from "@/lib/auth/session";
import { ChatShell } from "@/components/chat/chat-shell";
import type { RealtimeConfig } from "@/components/chat/live/live-transport";
import { env } from "@/lib/config/env";
import { pusherClientConfig } from "@/lib/config/pusher-env";
import { conversationListFor } from "@/lib/server/chat-page-data";

export const dynamic = "force-dynamic";

export default async function ChatLayout({ children }: { children: React.ReactNode }) {
  const user = await getCurrentUser();
  if (!user) redirect("/login?callbackUrl=%2Fchat"); // a cookie that no longer signs anyone in
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  // Read at request time, not baked into the bundle: one build serves every mode.
  const pusher = pusherClientConfig(env());
  const realtime: RealtimeConfig = pusher ? { transport: "pusher", ...pusher } : { transport: "sse" };
  // Rendered into the page's HTML (readable before or without JavaScript); the client takes over.
  const conversations = await conversationListFor(user.id);
  return (
    <ChatShell currentUser={user} conversations={conversations} theme={theme} realtime={realtime}>
      {children}
    </ChatShell>
  );
}
