import { cn } from "@/components/ui/cn";
import { fieldError, input, label as labelClass } from "@/components/ui/styles";

export interface FieldProps extends Omit<React.InputHTMLAttributes<HTMLInputElement>, "id" | "name"> {
  id: string;
  name: string;
  label: string;
  hint?: string;
  error?: string;
}

/** A labelled input whose error is tied to it with aria-invalid and aria-describedby. */
export function Field({ id, name, label, hint, error, className, ...rest }: FieldProps) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <input
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={cn(input, "mt-1")}
        {...rest}
      />
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className={fieldError}>
          {error}
        </p>
      )}
    </div>
  );
}
