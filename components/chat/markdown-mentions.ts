import { useMemo } from "react";
import { matchMention, splitMentions } from "@/lib/chat/mention-parse";

/** How one `@name` token reads: a mention of me, of someone else, or plain text. */
export type MentionKind = "me" | "other" | null;

interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
  data?: Record<string, unknown>;
}

/** Code and links keep their text as is. */
const SKIP = new Set(["inlineCode", "code", "link", "linkReference", "html"]);

const STYLE: Record<"me" | "other", string> = {
  me: "rounded bg-amber-200 px-0.5 font-semibold text-amber-950",
  other: "rounded bg-indigo-100 px-0.5 font-medium text-indigo-900",
};

/**
 * A remark plugin for react-markdown: `@name` tokens that name a mentioned member become a
 * highlighted span (stronger for mentions of me). Everything else stays text; the same parser as
 * the server's decides what a token is, so the highlight matches `message.mentions`.
 */
export function remarkMentions(kindOf: (name: string) => MentionKind) {
  return () => (tree: MdNode) => {
    walk(tree);
  };

  function walk(node: MdNode) {
    if (!node.children || SKIP.has(node.type)) return;
    node.children = node.children.flatMap((child) => {
      if (child.type !== "text" || !child.value?.includes("@")) {
        walk(child);
        return [child];
      }
      return splitMentions(child.value).map((part): MdNode => {
        const kind = part.mention ? kindOf(part.mention) : null;
        if (!kind) return { type: "text", value: part.text };
        return {
          type: "mention",
          data: {
            hName: "span",
            hProperties: { className: STYLE[kind].split(" "), dataMention: kind },
            hChildren: [{ type: "text", value: part.text }],
          },
        };
      });
    });
  }
}

/** The plugin list for one message: highlights exactly the members in `mentions`. */
export function useMentionPlugins(mentions: string[], meId: string, usernameOf?: (userId: string) => string | undefined) {
  return useMemo(() => {
    if (mentions.length === 0 || !usernameOf) return [];
    const people = mentions.flatMap((id) => {
      const username = usernameOf(id);
      return username ? [{ id, username }] : [];
    });
    return [
      remarkMentions((name): MentionKind => {
        const hit = matchMention(name, people);
        return hit ? (hit.person.id === meId ? "me" : "other") : null;
      }),
    ];
  }, [mentions, usernameOf, meId]);
}
