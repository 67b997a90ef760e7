import { cn } from "@/components/ui/cn";
import { FORM_NOTICES, type FormNoticeCode } from "./form-notice";

/**
 * What a message form sent without JavaScript came to (the action redirected back with a code).
 * Sits above the composer, so it is seen with the newest messages and read before the text box.
 */
export function FormNoticeBar({ code }: { code: FormNoticeCode }) {
  const { tone, text } = FORM_NOTICES[code];
  return (
    <p
      role={tone === "error" ? "alert" : "status"}
      data-testid="form-notice"
      data-notice={code}
      className={cn(
        "border-t px-4 py-1.5 text-sm",
        tone === "error" ? "border-red-200 bg-red-50 text-red-800" : "border-emerald-200 bg-emerald-50 text-emerald-900",
      )}
    >
      {text}
    </p>
  );
}
