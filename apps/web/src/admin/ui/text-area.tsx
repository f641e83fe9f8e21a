import { useId, type ReactNode, type TextareaHTMLAttributes } from 'react';

/** A labelled multi-line field, wired like the shop's TextField (hint, inline error, described-by). */
export function TextArea({ label, error, hint, optional, className, ...textarea }: Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> & { label: ReactNode; error?: string; hint?: ReactNode; optional?: string }) {
  const id = useId();
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className={`field ${error ? 'field--invalid' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
        {optional ? <span className="field__optional"> ({optional})</span> : null}
      </label>
      <textarea id={id} className={`input adm-textarea ${className ?? ''}`} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...textarea} />
      {hint && !error ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
