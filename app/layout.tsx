import type { Metadata, Viewport } from "next";
import { cookies } from "next/headers";
import { parseTheme, THEME_COOKIE, themeClass } from "@/components/ui/theme";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Chat", template: "%s · Chat" },
  description: "Self-hosted real-time team chat: direct messages and groups, live.",
};

// Every page is rendered per request: its scripts carry that response's CSP nonce (proxy.ts), and a
// page prerendered at build time would ship scripts without one, which the browser then blocks.
export const dynamic = "force-dynamic";

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: "#4f46e5",
};

export default async function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <html lang="en" className={themeClass(theme)}>
      <body className="min-h-dvh font-sans">{children}</body>
    </html>
  );
}
