import { describe, expect, it } from 'vitest';
import { reasonText } from './reasons.js';

describe('reasonText', () => {
  it('when the product service lists several short lines, then French says each one with its plurals', () => {
    const reason =
      'Not enough stock (Tajine: 3 requested, 1 available; Teapot: 1 requested, 0 available).';
    expect(reasonText(reason, 'fr')).toBe(
      'stock insuffisant (Tajine : 3 demandés, 1 disponible ; Teapot : 1 demandé, 0 disponible)',
    );
    expect(reasonText(reason, 'en')).toBe(
      'not enough stock (Tajine: 3 requested, 1 available; Teapot: 1 requested, 0 available)',
    );
  });

  it('when the reason only repeats who cancelled, then it is left out', () => {
    expect(reasonText('cancelled by the client', 'fr')).toBeNull();
    expect(reasonText('Cancelled by an administrator.', 'en')).toBeNull();
  });

  it('when the reason is unknown, then it is quoted as written without its full stop', () => {
    expect(reasonText('  wrong address given.  ', 'fr')).toBe('wrong address given');
    expect(reasonText('   ', 'en')).toBeNull();
    expect(reasonText('toString', 'en')).toBe('toString');
  });
});
