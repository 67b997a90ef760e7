"use client";

import { createContext, useContext, useSyncExternalStore } from "react";
import { NotificationPrefs, type NotificationPrefsState } from "./prefs";

const PrefsContext = createContext<NotificationPrefs | null>(null);
export const NotificationPrefsProvider = PrefsContext.Provider;

export function useNotificationPrefs(): [NotificationPrefsState, NotificationPrefs] {
  const prefs = useContext(PrefsContext);
  if (!prefs) throw new Error("useNotificationPrefs must be used inside <NotificationPrefsProvider>");
  // Hydration sees the defaults, as the server did; the stored choice applies right after.
  const state = useSyncExternalStore(prefs.subscribe, prefs.getState, () => NotificationPrefs.defaults);
  return [state, prefs];
}
