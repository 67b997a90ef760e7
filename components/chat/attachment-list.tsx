"use client";

import { useState } from "react";
import type { Attachment } from "@/lib/chat/types";
import { cn } from "@/components/ui/cn";
import { Modal } from "@/components/ui/modal";

const INLINE_IMAGES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);
const fileUrl = (a: Attachment) => `/api/attachments/${encodeURIComponent(a.id)}`;

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

/** A short label by kind of file (from its detected type, else its extension): no emoji font needed. */
function fileBadge(a: Attachment): string {
  if (a.contentType === "application/pdf") return "PDF";
  if (a.contentType.startsWith("image/")) return "IMG";
  if (a.contentType.startsWith("audio/")) return "AUD";
  if (a.contentType.startsWith("video/")) return "VID";
  if (/zip|x-tar|gzip|x-7z|x-rar/.test(a.contentType)) return "ZIP";
  const ext = /\.([A-Za-z0-9]{1,4})$/.exec(a.name)?.[1];
  return ext ? ext.toUpperCase() : "FILE";
}

/** A message's files: images as thumbnails opening a larger view, other files as download rows. */
export function AttachmentList({ attachments, align = "start" }: { attachments: Attachment[]; align?: "start" | "end" }) {
  const [open, setOpen] = useState<Attachment | null>(null);
  if (attachments.length === 0) return null;
  const images = attachments.filter((a) => INLINE_IMAGES.has(a.contentType));
  const others = attachments.filter((a) => !INLINE_IMAGES.has(a.contentType));
  return (
    <div className={cn("mt-1 flex max-w-[85%] flex-col gap-1.5 sm:max-w-[70%]", align === "end" ? "items-end" : "items-start")} data-testid="attachments">
      {images.length > 0 && (
        <ul className={cn("flex flex-wrap gap-1.5", align === "end" && "justify-end")} aria-label="Images">
          {images.map((a) => (
            <li key={a.id}>
              <button
                type="button"
                onClick={() => setOpen(a)}
                className="block overflow-hidden rounded-lg border border-slate-200 bg-slate-100"
                data-testid="attachment-thumbnail"
              >
                {/* eslint-disable-next-line @next/next/no-img-element -- a private, authenticated URL: no image optimizer */}
                <img
                  src={`${fileUrl(a)}/thumbnail`}
                  alt={a.name}
                  width={a.width && a.height ? Math.round((160 * a.width) / Math.max(a.width, a.height)) : 160}
                  height={a.width && a.height ? Math.round((160 * a.height) / Math.max(a.width, a.height)) : 160}
                  loading="lazy"
                  className="block max-h-40 max-w-40 object-cover"
                />
                <span className="sr-only">Open image {a.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {others.map((a) => (
        <a
          key={a.id}
          href={fileUrl(a)}
          download={a.name}
          className="flex w-72 max-w-full items-center gap-3 rounded-lg border border-slate-200 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm hover:bg-slate-50"
          data-testid="attachment-file"
        >
          <span aria-hidden="true" className="flex h-10 w-9 shrink-0 items-center justify-center rounded border border-slate-300 bg-slate-50 text-[0.625rem] font-bold text-slate-700">
            {fileBadge(a)}
          </span>
          <span className="min-w-0 flex-1">
            <span className="block truncate font-medium" title={a.name}>
              {a.name}
            </span>
            <span className="block text-xs text-slate-600">{formatSize(a.size)}</span>
          </span>
          <span className="text-xs font-semibold text-indigo-700">
            Download<span className="sr-only"> {a.name}</span>
          </span>
        </a>
      ))}
      <Modal open={open !== null} onClose={() => setOpen(null)} title={open?.name ?? "Image"}>
        {open && (
          <div className="flex flex-col items-center gap-3 p-4" data-testid="image-viewer">
            {/* eslint-disable-next-line @next/next/no-img-element -- a private, authenticated URL */}
            <img src={fileUrl(open)} alt={open.name} className="max-h-[60dvh] max-w-full rounded object-contain" />
            <a href={fileUrl(open)} download={open.name} className="text-sm font-semibold text-indigo-700 hover:underline">
              Download {formatSize(open.size)}
            </a>
          </div>
        )}
      </Modal>
    </div>
  );
}
