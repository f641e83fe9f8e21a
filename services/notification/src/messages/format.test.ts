import { describe, expect, it } from 'vitest';
import { countOf, formatDateTime, shortOrderId } from './format.js';

describe('formatDateTime', () => {
  it('when a UTC instant is written, then it is on the Moroccan clock, in words', () => {
    // Morocco is on UTC+1 outside Ramadan.
    expect(formatDateTime('2025-11-26T13:30:00.000Z', 'fr')).toBe('26 novembre 2025 à 14:30');
    expect(formatDateTime('2025-11-26T13:30:00.000Z', 'en')).toBe('26 November 2025 at 14:30');
    expect(formatDateTime('2025-12-31T23:05:00Z', 'fr')).toBe('1er janvier 2026 à 00:05');
    expect(formatDateTime('2026-01-02T08:00:00Z', 'en')).toBe('2 January 2026 at 09:00');
  });
});

describe('shortOrderId and countOf', () => {
  it('when an order id is shortened, then it is its first eight hex digits in upper case', () => {
    expect(shortOrderId('3f2a9c1e-7b44-4c1d-9a0e-5b6c7d8e9f00')).toBe('3F2A9C1E');
  });

  it('when counting, then French keeps the singular for 0 and 1 and English only for 1', () => {
    expect(countOf(0, 'fr', 'article', 'articles')).toBe('0 article');
    expect(countOf(2, 'fr', 'article', 'articles')).toBe('2 articles');
    expect(countOf(0, 'en', 'item', 'items')).toBe('0 items');
    expect(countOf(1, 'en', 'item', 'items')).toBe('1 item');
  });
});
