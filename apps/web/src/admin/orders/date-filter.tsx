import { useState } from 'react';
import {
  calendarDatePattern,
  formatCalendarDate,
  parseCalendarDate,
} from '../../i18n/calendar-date.js';
import { TextField } from '../../ui/field.js';
import { useAdminI18n } from '../i18n/admin-i18n.js';

export interface DateFilterProps {
  label: string;
  /** The applied date, ISO (YYYY-MM-DD), or '' for none. */
  value: string;
  onChange(iso: string): void;
  /** An error about the pair of dates (start after end), shown when the typed date is valid. */
  error?: string;
  name: string;
}

/**
 * A date typed in the app's language (jj/mm/aaaa in French), applied on Enter or when the field
 * is left; what is not a day of the calendar stays in the field with an error and changes nothing.
 */
export function DateFilter({ label, value, onChange, error, name }: DateFilterProps) {
  const { t, locale } = useAdminI18n();
  const pattern = calendarDatePattern(locale);
  const [text, setText] = useState(() => formatCalendarDate(value, locale));
  const [invalid, setInvalid] = useState(false);
  // The applied date changed from elsewhere (reset, back button, language): show it.
  const [shown, setShown] = useState({ value, locale });
  if (shown.value !== value || shown.locale !== locale) {
    setShown({ value, locale });
    setText(formatCalendarDate(value, locale));
    setInvalid(false);
  }

  const apply = () => {
    if (text.trim() === '') {
      setInvalid(false);
      if (value) onChange('');
      return;
    }
    const iso = parseCalendarDate(text, locale);
    setInvalid(!iso);
    if (!iso) return;
    setText(formatCalendarDate(iso, locale));
    if (iso !== value) onChange(iso);
  };

  return (
    <TextField
      label={
        <>
          {label} <span className="field__optional">({pattern})</span>
        </>
      }
      name={name}
      value={text}
      placeholder={pattern}
      autoComplete="off"
      maxLength={14}
      onChange={(event) => {
        setText(event.target.value);
        setInvalid(false);
      }}
      onBlur={apply}
      onKeyDown={(event) => {
        if (event.key !== 'Enter') return;
        event.preventDefault();
        apply();
      }}
      error={invalid ? t('orders.dateInvalid', { pattern }) : error}
    />
  );
}
