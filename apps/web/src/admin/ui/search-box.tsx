import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { SearchIcon } from '../../ui/icons.js';
import { useAdminI18n } from '../i18n/admin-i18n.js';

const DEBOUNCE_MS = 350;

/**
 * A search field for a list held in the URL: typing commits after a short pause, Enter commits at
 * once, and a change of the URL (back button) shows up in the field.
 */
export function SearchBox({
  label,
  placeholder,
  value,
  onSearch,
}: {
  label: string;
  placeholder?: string;
  value: string;
  onSearch(value: string): void;
}) {
  const { t } = useAdminI18n();
  const id = useId();
  const [text, setText] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const onSearchRef = useRef(onSearch);
  onSearchRef.current = onSearch;

  useEffect(() => setText(value), [value]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const change = (next: string) => {
    setText(next);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (next.trim() !== value) onSearchRef.current(next.trim());
    }, DEBOUNCE_MS);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    clearTimeout(timer.current);
    onSearch(text.trim());
  };

  return (
    <form className="adm-search" role="search" onSubmit={submit}>
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <div className="adm-search__box">
        <SearchIcon size={18} className="adm-search__icon" />
        <input
          id={id}
          className="input adm-search__input"
          type="search"
          value={text}
          placeholder={placeholder}
          onChange={(event) => change(event.target.value)}
          autoComplete="off"
        />
        <button type="submit" className="visually-hidden">
          {t('common.search')}
        </button>
      </div>
    </form>
  );
}
