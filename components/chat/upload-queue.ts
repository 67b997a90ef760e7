"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { Attachment } from "@/lib/chat/types";

/** The server's default; the server enforces the configured value and says so if it differs. */
export const MAX_FILES_PER_MESSAGE = 10;

export interface QueuedUpload {
  key: string;
  name: string;
  size: number;
  /** Bytes sent so far (XMLHttpRequest upload progress). */
  loaded: number;
  status: "uploading" | "done" | "failed";
  error: string | null;
  attachment: Attachment | null;
  /** A local preview for images, revoked when the item leaves the queue. */
  previewUrl: string | null;
}

/**
 * POST /api/uploads with XMLHttpRequest, the one browser API that reports upload progress.
 * The returned abort() cancels the transfer (the server then stores nothing).
 */
export function uploadFile(file: File, onProgress: (loaded: number) => void) {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<Attachment>((resolve, reject) => {
    xhr.open("POST", "/api/uploads");
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      const body = xhr.response as { attachment?: Attachment; error?: { message?: string } } | null;
      if (xhr.status === 201 && body?.attachment) resolve(body.attachment);
      else reject(new Error(body?.error?.message ?? `Upload failed (${xhr.status})`));
    };
    xhr.onerror = () => reject(new Error("Upload failed: check your connection"));
    xhr.onabort = () => reject(new DOMException("cancelled", "AbortError"));
    const form = new FormData();
    form.append("file", file, file.name);
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}

let counter = 0;

/** The composer's uploads: each starts at once, reports progress, can be cancelled or retried. */
export function useUploadQueue() {
  const [items, setItems] = useState<QueuedUpload[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const files = useRef(new Map<string, File>());
  const aborts = useRef(new Map<string, () => void>());
  const previews = useRef(new Set<string>());

  const patch = (key: string, change: Partial<QueuedUpload>) =>
    setItems((list) => list.map((i) => (i.key === key ? { ...i, ...change } : i)));

  const start = useCallback((key: string, file: File) => {
    patch(key, { status: "uploading", error: null, loaded: 0 });
    const { promise, abort } = uploadFile(file, (loaded) => patch(key, { loaded }));
    aborts.current.set(key, abort);
    promise.then(
      (attachment) => patch(key, { status: "done", attachment, loaded: file.size }),
      (err: Error) => {
        if (err.name !== "AbortError") patch(key, { status: "failed", error: err.message });
      },
    ).finally(() => aborts.current.delete(key));
  }, []);

  const add = useCallback(
    (incoming: File[]) => {
      setNotice(null);
      const room = MAX_FILES_PER_MESSAGE - files.current.size;
      if (incoming.length > room) setNotice(`A message can carry at most ${MAX_FILES_PER_MESSAGE} files`);
      for (const file of incoming.slice(0, Math.max(0, room))) {
        const key = `u${++counter}`;
        const previewUrl = file.type.startsWith("image/") ? URL.createObjectURL(file) : null;
        if (previewUrl) previews.current.add(previewUrl);
        files.current.set(key, file);
        const item: QueuedUpload = { key, name: file.name || "pasted image", size: file.size, loaded: 0, status: "uploading", error: null, attachment: null, previewUrl };
        setItems((list) => [...list, item]);
        start(key, file);
      }
    },
    [start],
  );

  const remove = useCallback((key: string) => {
    aborts.current.get(key)?.();
    files.current.delete(key);
    setItems((list) => {
      const gone = list.find((i) => i.key === key);
      if (gone?.previewUrl) URL.revokeObjectURL(gone.previewUrl);
      return list.filter((i) => i.key !== key);
    });
    setNotice(null);
  }, []);

  const retry = useCallback((key: string) => {
    const file = files.current.get(key);
    if (file) start(key, file);
  }, [start]);

  /** After a send: the uploads now belong to the message; only the local previews go. */
  const clear = useCallback(() => {
    files.current.clear();
    setItems((list) => {
      for (const i of list) if (i.previewUrl) URL.revokeObjectURL(i.previewUrl);
      return [];
    });
  }, []);

  useEffect(() => {
    const urls = previews.current;
    const pending = aborts.current;
    return () => {
      for (const abort of pending.values()) abort();
      for (const url of urls) URL.revokeObjectURL(url);
    };
  }, []);

  const uploading = items.some((i) => i.status === "uploading");
  const failed = items.some((i) => i.status === "failed");
  const attachments = items.flatMap((i) => (i.attachment ? [i.attachment] : []));
  return { items, notice, add, remove, retry, clear, uploading, failed, attachments };
}

export type UploadQueue = ReturnType<typeof useUploadQueue>;
