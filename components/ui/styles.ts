/** Shared Tailwind class sets, so buttons and inputs look and behave the same everywhere. */
export const buttonBase =
  "inline-flex items-center justify-center gap-2 rounded-md text-sm font-medium transition-colors " +
  "disabled:cursor-not-allowed disabled:opacity-60 min-h-10 px-4";

export const button = {
  primary: `${buttonBase} bg-indigo-600 text-white hover:bg-indigo-700 active:bg-indigo-800`,
  secondary: `${buttonBase} border border-slate-300 bg-white text-slate-800 hover:bg-slate-100`,
  ghost: `${buttonBase} text-slate-700 hover:bg-slate-100`,
  danger: `${buttonBase} bg-red-700 text-white hover:bg-red-800`,
};

// No focus:outline-none: with it the focus-visible outline never showed (Tailwind's outline-2 reuses the
// outline style that outline-none had set to "none"), so keyboard users could not see which field had focus.
export const input =
  "block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 " +
  "placeholder:text-slate-500 focus:border-indigo-600 focus-visible:outline-2 " +
  "focus-visible:outline-indigo-600 aria-[invalid=true]:border-red-700 sm:text-sm";

export const label = "block text-sm font-medium text-slate-800";

export const fieldError = "mt-1 text-sm text-red-700";
