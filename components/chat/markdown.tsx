"use client";

import { memo, type ReactNode } from "react";
import ReactMarkdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { cn } from "@/components/ui/cn";

/** Only these link targets become links; anything else (javascript:, data:, relative) stays text. */
const SAFE_PROTOCOLS = /^(https?:|mailto:)/i;

export function safeHref(url: string): string | undefined {
  return SAFE_PROTOCOLS.test(url.trim()) ? url : undefined;
}

export const LINK_REL = "noopener noreferrer nofollow ugc";

export interface MarkdownProps {
  text: string;
  /** Own messages sit on a dark bubble: links and code need the light variant. */
  inverted?: boolean;
  /** Extra remark plugins (mentions highlighting adds one). */
  remarkPlugins?: NonNullable<Parameters<typeof ReactMarkdown>[0]["remarkPlugins"]>;
  /** Extra element renderers, merged over the defaults. */
  components?: Components;
}

/**
 * The safe Markdown subset of a chat message, rendered to React elements by react-markdown:
 * raw HTML is never rendered (react-markdown drops it unless a raw-HTML plugin is added, and
 * none is), images become links (no tracking pixels), headings render as bold paragraphs.
 * The stored text stays exactly what the person typed; this is display only.
 */
export const Markdown = memo(function Markdown({ text, inverted = false, remarkPlugins = [], components }: MarkdownProps) {
  return (
    <div className="chat-markdown min-w-0 break-words" data-testid="message-markdown">
      <ReactMarkdown
        remarkPlugins={[remarkGfm, ...remarkPlugins]}
        skipHtml
        urlTransform={(url) => safeHref(url) ?? ""}
        components={{ ...elements(inverted), ...components }}
      >
        {text}
      </ReactMarkdown>
    </div>
  );
});

function elements(inverted: boolean): Components {
  const heading = ({ children }: { children?: ReactNode }) => <p className="whitespace-pre-wrap font-semibold">{children}</p>;
  return {
    p: ({ children }) => <p className="whitespace-pre-wrap [&:not(:first-child)]:mt-1.5">{children}</p>,
    a: ({ href, children }) =>
      href ? (
        <a
          href={href}
          target="_blank"
          rel={LINK_REL}
          className={cn("underline underline-offset-2", inverted ? "text-white decoration-indigo-200" : "text-indigo-700")}
        >
          {children}
        </a>
      ) : (
        <span>{children}</span>
      ),
    img: ({ src, alt }) => {
      const href = typeof src === "string" ? safeHref(src) : undefined;
      const label = alt || (typeof src === "string" ? src : "image");
      return href ? (
        <a href={href} target="_blank" rel={LINK_REL} className="underline underline-offset-2">
          {label}
        </a>
      ) : (
        <span>{label}</span>
      );
    },
    code: ({ className, children }) => (
      <code
        className={cn(
          "rounded px-1 py-0.5 font-mono text-[0.85em]",
          className?.startsWith("language-") || String(children).includes("\n")
            ? "bg-transparent p-0"
            : inverted
              ? "bg-indigo-800/60"
              : "bg-slate-100 text-slate-900",
        )}
      >
        {children}
      </code>
    ),
    pre: ({ children }) => (
      <pre
        tabIndex={0}
        className={cn(
          "my-1.5 max-h-80 overflow-auto rounded-lg p-2.5 font-mono text-[0.8125rem] leading-snug whitespace-pre",
          inverted ? "bg-indigo-900/70 text-indigo-50" : "bg-slate-900 text-slate-50",
        )}
      >
        {children}
      </pre>
    ),
    blockquote: ({ children }) => (
      <blockquote className={cn("my-1 border-l-4 pl-2.5", inverted ? "border-indigo-300" : "border-slate-300 text-slate-700")}>
        {children}
      </blockquote>
    ),
    ul: ({ children }) => <ul className="my-1 list-disc pl-5">{children}</ul>,
    ol: ({ children }) => <ol className="my-1 list-decimal pl-5">{children}</ol>,
    h1: heading,
    h2: heading,
    h3: heading,
    h4: heading,
    h5: heading,
    h6: heading,
    hr: () => <hr className="my-2 border-current opacity-30" />,
    table: ({ children }) => (
      <div className="my-1 overflow-x-auto">
        <table className="border-collapse text-sm">{children}</table>
      </div>
    ),
    th: ({ children }) => <th className="border border-current/30 px-2 py-0.5 text-left">{children}</th>,
    td: ({ children }) => <td className="border border-current/30 px-2 py-0.5">{children}</td>,
  };
}
