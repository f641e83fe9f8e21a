import { useMemo } from 'react';
import { interpolate, pluralCategory } from '../../i18n/format.js';
import { useI18n, type I18n } from '../../i18n/i18n.js';
import { adminEn } from './admin-en.js';
import { adminFr, type AdminKey } from './admin-fr.js';

export type { AdminKey };

type Values = Record<string, string | number>;

export interface AdminI18n extends Omit<I18n, 't' | 'tp'> {
  t(key: AdminKey, values?: Values): string;
  /** Plural: `base.one` / `base.other`, with `{count}` filled in. */
  tp(base: string, count: number, values?: Values): string;
}

const DICTIONARIES = { fr: adminFr, en: adminEn } as const;

/**
 * The dashboard's own strings, kept beside it (admin-fr.ts, admin-en.ts) rather than in the
 * shop's dictionaries; the language, money and date formats are the app's (`useI18n`).
 */
export function useAdminI18n(): AdminI18n {
  const i18n = useI18n();
  return useMemo(() => {
    const dictionary: Record<AdminKey, string> = DICTIONARIES[i18n.locale];
    return {
      ...i18n,
      t: (key, values) => interpolate(dictionary[key] ?? key, values),
      tp: (base, count, values) => {
        const key = `${base}.${pluralCategory(count, i18n.locale)}` as AdminKey;
        return interpolate(dictionary[key] ?? key, { count: i18n.number(count), ...values });
      },
    };
  }, [i18n]);
}
