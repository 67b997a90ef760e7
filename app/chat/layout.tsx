import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { parseTheme, THEME_COOKIE } from "@/components/ui/theme";
import { getCurrentUser } from "@/lib/auth/session";
import { ChatShell } from "@/components/chat/chat-shell";

export const dynamic = "force-dynamic";

export default async function ChatLayout({ children }: { children: React.ReactNode }) {
  const user = await getCurrentUser();
  if (!user) redirect("/login?callbackUrl=%2Fchat"); // a cookie that no longer signs anyone in
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <ChatShell currentUser={user} theme={theme}>
      {children}
    </ChatShell>
  );
}
