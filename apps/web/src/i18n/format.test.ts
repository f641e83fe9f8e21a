import { describe, expect, it } from 'vitest';
import { createI18n } from './i18n.js';
import { countryName, currencyDigits, formatMoney, interpolate, toMinorUnits } from './format.js';

// Intl uses narrow and ordinary no-break spaces in French; compare with plain spaces.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('money formatting', () => {
  it('when an amount in MAD centimes is shown in French, then it has a comma, grouped thousands and the code after', () => {
    expect(plain(formatMoney(149_050, 'MAD', 'fr'))).toBe('1 490,50 MAD');
  });

  it('when the same amount is shown in English, then the code comes first with a dot for decimals', () => {
    expect(plain(formatMoney(149_050, 'MAD', 'en'))).toBe('MAD 1,490.50');
  });

  it('when the currency has no minor unit (JPY) or three (TND), then the minor units are scaled by it', () => {
    expect(currencyDigits('JPY')).toBe(0);
    expect(plain(formatMoney(1500, 'JPY', 'en'))).toBe('JP¥1,500');
    expect(currencyDigits('TND')).toBe(3);
    expect(plain(formatMoney(12_500, 'TND', 'fr'))).toBe('12,500 TND');
  });

  it('when euros are shown in French, then the symbol follows the amount', () => {
    expect(plain(formatMoney(2_999, 'EUR', 'fr'))).toBe('29,99 €');
  });

  it('when a price filter is typed with a comma or a dot, then it becomes minor units; other text is refused', () => {
    expect(toMinorUnits('149,5', 'MAD')).toBe(14_950);
    expect(toMinorUnits(' 200 ', 'MAD')).toBe(20_000);
    expect(toMinorUnits('1 299,50', 'MAD')).toBe(129_950);
    expect(toMinorUnits('12.345', 'TND')).toBe(12_345);
    expect(toMinorUnits('0.29', 'MAD')).toBe(29);
    expect(toMinorUnits('abc', 'MAD')).toBeUndefined();
    expect(toMinorUnits('', 'MAD')).toBeUndefined();
    expect(toMinorUnits('-5', 'MAD')).toBeUndefined();
  });

  it('when a price filter has more decimals than the currency, then it is refused rather than rounded', () => {
    expect(toMinorUnits('12.345', 'MAD')).toBeUndefined();
    expect(toMinorUnits('1500.5', 'JPY')).toBeUndefined();
  });
});

describe('country names', () => {
  it('when a country code is shown, then it reads in the language; a code the browser refuses stays as it is', () => {
    expect(countryName('MA', 'fr')).toBe('Maroc');
    expect(countryName('MA', 'en')).toBe('Morocco');
    expect(countryName('not a code', 'en')).toBe('not a code');
  });
});

describe('messages', () => {
  it('when a message has placeholders, then they are filled and unknown ones are kept', () => {
    expect(interpolate('Hello {name}, {missing}', { name: 'Amina' })).toBe(
      'Hello Amina, {missing}',
    );
  });

  it('when the language changes, then the same key reads in that language, with plurals per language', () => {
    const fr = createI18n('fr');
    const en = createI18n('en');
    expect(fr.t('nav.cart')).toBe('Panier');
    expect(en.t('nav.cart')).toBe('Cart');
    expect(fr.tp('order.items', 1)).toBe('1 article');
    expect(fr.tp('order.items', 0)).toBe('0 article');
    expect(en.tp('order.items', 0)).toBe('0 items');
    expect(en.tp('order.items', 3)).toBe('3 items');
    expect(plain(fr.money(990, 'MAD'))).toBe('9,90 MAD');
  });
});
