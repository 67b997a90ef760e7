export type Theme = "system" | "light" | "dark";
export const THEME_COOKIE = "theme";

/** The stored choice, from the cookie's value; anything else follows the system. */
export function parseTheme(value: string | undefined): Theme {
  return value === "light" || value === "dark" ? value : "system";
}

/** The class <html> carries for a choice: none for "system" (the media query decides). */
export function themeClass(theme: Theme): string | undefined {
  return theme === "system" ? undefined : theme;
}
