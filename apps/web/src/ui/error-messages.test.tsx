import { renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ERROR_STATUS } from '@souk/contracts';
import { ApiError, errorFromResponse } from '../api/api-error.js';
import { en } from '../i18n/en.js';
import { fr } from '../i18n/fr.js';
import { I18nProvider } from '../i18n/i18n.js';
import { ERROR_MESSAGES } from './error-messages.js';
import { useErrorMessage } from './feedback.js';

function messageIn(locale: 'fr' | 'en') {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <I18nProvider initialLocale={locale}>{children}</I18nProvider>
  );
  return renderHook(() => useErrorMessage(), { wrapper }).result.current;
}

function problemResponse(status: number, body: Record<string, unknown>): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  });
}

describe('error messages by code', () => {
  it('every code of the contracts vocabulary has its own message in both languages', () => {
    const keys = ERROR_CODES.map((code) => ERROR_MESSAGES[code]);
    expect(new Set(keys).size).toBe(ERROR_CODES.length);
    for (const key of keys) {
      expect(fr[key]).toBeTruthy();
      expect(en[key]).toBeTruthy();
    }
  });

  it('when the gateway answers 503 unavailable, then the shopper reads it in French, not the English detail', async () => {
    const error = await errorFromResponse(
      problemResponse(503, {
        status: 503,
        code: 'unavailable',
        title: 'Service unavailable',
        detail: 'Service unavailable',
      }),
    );
    expect(error.code).toBe('unavailable');
    expect(messageIn('fr')(error)).toBe(fr['error.code.unavailable']);
  });

  it('when a refusal carries a telling detail (a conflict), then the detail is shown', () => {
    const error = new ApiError({
      status: ERROR_STATUS.conflict,
      code: 'conflict',
      detail: 'The category still has 1 product',
    });
    expect(messageIn('en')(error)).toBe('The category still has 1 product');
  });

  it('when a reply is not one of our problem documents, then its code says the status and the detail is shown', async () => {
    const error = await errorFromResponse(
      problemResponse(502, { code: 'proxy_exploded', detail: 'upstream reset' }),
    );
    expect(error.code).toBe('http_502');
    expect(messageIn('en')(error)).toBe('upstream reset');
  });
});
