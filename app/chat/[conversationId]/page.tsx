import type { Metadata } from "next";
import { randomUUID } from "node:crypto";
import { notFound } from "next/navigation";
import { idSchema } from "@/lib/chat/schemas";
import { getCurrentUser } from "@/lib/auth/session";
import { ConversationView } from "@/components/chat/conversation-view";
import { parseNotice } from "@/components/chat/form-notice";
import { conversationTitleFor, threadFor } from "@/lib/server/chat-page-data";

/** The conversation's name in the tab from the first byte (the view used to set it after loading). */
export async function generateMetadata({ params }: { params: Promise<{ conversationId: string }> }): Promise<Metadata> {
  const { conversationId } = await params;
  const user = idSchema.safeParse(conversationId).success ? await getCurrentUser() : null;
  return { title: (user && (await conversationTitleFor(user.id, conversationId))) || "Conversation" };
}

export default async function ConversationPage({ params, searchParams }: {
  params: Promise<{ conversationId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { conversationId } = await params;
  if (!idSchema.safeParse(conversationId).success) notFound();
  const user = await getCurrentUser(); // the layout has sent anyone else to sign in
  const seed = user ? await threadFor(user.id, conversationId) : undefined;
  const query = await searchParams;
  return (
    // Keyed so per-conversation UI state (editing, panel) resets when switching conversations.
    <ConversationView
      key={conversationId}
      conversationId={conversationId}
      seed={seed}
      notice={parseNotice(query.notice)}
      // Without JavaScript, "Edit or delete" is a link here: the chosen message shows its forms.
      editId={idSchema.safeParse(query.edit).success ? (query.edit as string) : null}
      // A fresh one per page: a form sent twice (a double click, a resubmission) is one message.
      formClientId={randomUUID()}
    />
  );
}
