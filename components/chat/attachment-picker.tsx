"use client";

import { useId, useRef } from "react";
import { cn } from "@/components/ui/cn";
import { formatSize } from "./attachment-list";
import type { UploadQueue } from "./upload-queue";

/** The paperclip button (hidden file input) that feeds the upload queue. */
export function AttachButton({ queue, disabled }: { queue: UploadQueue; disabled?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  return (
    <>
      <input
        id={id}
        ref={input}
        type="file"
        multiple
        hidden
        tabIndex={-1}
        data-testid="attach-input"
        onChange={(e) => {
          queue.add(Array.from(e.target.files ?? []));
          e.target.value = ""; // choosing the same file again still fires change
        }}
      />
      <button
        type="button"
        disabled={disabled}
        onClick={() => input.current?.click()}
        className="inline-flex size-11 shrink-0 items-center justify-center rounded-full text-slate-700 hover:bg-slate-100 disabled:cursor-not-allowed disabled:text-slate-400"
        data-testid="attach-button"
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-5">
          <path d="M15.6 3.4a3.5 3.5 0 0 0-4.95 0l-6.3 6.3a5 5 0 1 0 7.07 7.07l4.24-4.24a.75.75 0 1 0-1.06-1.06l-4.24 4.24a3.5 3.5 0 0 1-4.95-4.95l6.3-6.3a2 2 0 1 1 2.83 2.83l-6.01 6.01a.5.5 0 0 1-.71-.71l5.3-5.3a.75.75 0 0 0-1.06-1.06l-5.3 5.3a2 2 0 0 0 2.83 2.83l6.01-6.01a3.5 3.5 0 0 0 0-4.95Z" />
        </svg>
        <span className="sr-only">Attach files</span>
      </button>
    </>
  );
}

/** The files waiting to go with the next message: progress, cancel, retry. */
export function UploadTray({ queue }: { queue: UploadQueue }) {
  if (queue.items.length === 0 && !queue.notice) return null;
  return (
    <div className="px-2 pt-2 sm:px-3">
      {queue.notice && (
        <p role="alert" className="pb-1 text-xs text-red-800">
          {queue.notice}
        </p>
      )}
      <ul className="flex flex-wrap gap-2" aria-label="Files to send" data-testid="upload-tray">
        {queue.items.map((item) => {
          const percent = item.size > 0 ? Math.round((item.loaded / item.size) * 100) : 100;
          return (
            <li
              key={item.key}
              className={cn(
                "flex w-60 max-w-full items-center gap-2 rounded-lg border bg-white p-1.5 text-xs",
                item.status === "failed" ? "border-red-300" : "border-slate-300",
              )}
              data-testid="upload-item"
              data-status={item.status}
            >
              {item.previewUrl ? (
                // eslint-disable-next-line @next/next/no-img-element -- a local blob: preview
                <img src={item.previewUrl} alt="" className="size-9 shrink-0 rounded object-cover" />
              ) : (
                <span aria-hidden="true" className="flex size-9 shrink-0 items-center justify-center rounded bg-slate-100 text-[0.625rem] font-bold text-slate-700">
                  FILE
                </span>
              )}
              <div className="min-w-0 flex-1">
                <p className="truncate font-medium text-slate-900" title={item.name}>
                  {item.name}
                </p>
                {item.status === "failed" ? (
                  <p className="truncate text-red-800" title={item.error ?? ""}>
                    {item.error}
                  </p>
                ) : (
                  <>
                    <progress
                      className="block h-1.5 w-full accent-indigo-600"
                      max={100}
                      value={percent}
                      aria-label={`Uploading ${item.name}`}
                    />
                    <p className="text-slate-600">
                      {item.status === "done" ? formatSize(item.size) : `${percent}% of ${formatSize(item.size)}`}
                    </p>
                  </>
                )}
              </div>
              {item.status === "failed" && (
                <button type="button" onClick={() => queue.retry(item.key)} className="rounded px-1.5 py-1 font-semibold text-indigo-700 hover:bg-indigo-50">
                  Retry
                </button>
              )}
              <button
                type="button"
                onClick={() => queue.remove(item.key)}
                className="inline-flex size-8 shrink-0 items-center justify-center rounded text-slate-700 hover:bg-slate-100"
                data-testid="upload-cancel"
              >
                <span aria-hidden="true" className="text-lg leading-none">×</span>
                <span className="sr-only">{item.status === "uploading" ? `Cancel upload of ${item.name}` : `Remove ${item.name}`}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
