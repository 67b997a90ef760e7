import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { idSchema } from "@/lib/chat/schemas";
import { ConversationView } from "@/components/chat/conversation-view";

export const metadata: Metadata = { title: "Conversation" };

export default async function ConversationPage({ params }: { params: Promise<{ conversationId: string }> }) {
  const { conversationId } = await params;
  if (!idSchema.safeParse(conversationId).success) notFound();
  // Keyed so per-conversation UI state (editing, panel) resets when switching conversations.
  return <ConversationView key={conversationId} conversationId={conversationId} />;
}
