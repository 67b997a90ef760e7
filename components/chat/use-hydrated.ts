"use client";

import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/**
 * False on the server and while hydrating (the render that must match the server's HTML), true
 * from the first render after it, and at once in anything mounted later. What only works with
 * JavaScript, or depends on the browser (its locale, zone, storage), switches on this.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
