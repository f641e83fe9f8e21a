import { describe, expect, it } from 'vitest';
import { ADDRESS_LIMITS } from '@souk/contracts';
import {
  EMPTY_ADDRESS,
  toShippingAddress,
  validateAddress,
} from '../address/address-validation.js';
import {
  formatCardNumber,
  formatExpiry,
  passesLuhn,
  toCardInput,
  validateCard,
} from './card-validation.js';
import { createIdempotentAttempt, isRetryableFailure } from './idempotent-attempt.js';

const NOW = new Date('2026-06-15T12:00:00Z');
const good = {
  holderName: 'Amina Benali',
  number: '4242 4242 4242 4242',
  expiry: '12/28',
  cvc: '123',
};

describe('card form validation', () => {
  it('when the number fails the Luhn check, then the number is refused; the test cards pass', () => {
    expect(passesLuhn('4242424242424242')).toBe(true);
    expect(passesLuhn('4000000000000002')).toBe(true);
    expect(passesLuhn('4000000000009995')).toBe(true);
    expect(passesLuhn('4242424242424241')).toBe(false);
    expect(validateCard({ ...good, number: '4242 4242 4242 4241' }, NOW)).toEqual({
      number: 'card.error.number',
    });
  });

  it('when the expiry is malformed or in a past month, then it is refused; the current month is still valid', () => {
    expect(validateCard({ ...good, expiry: '13/28' }, NOW).expiry).toBe('card.error.expiry');
    expect(validateCard({ ...good, expiry: '5/26' }, NOW).expiry).toBe('card.error.expired');
    expect(validateCard({ ...good, expiry: '06/26' }, NOW).expiry).toBeUndefined();
  });

  it('when the CVC is not 3 or 4 digits or the name is blank, then each field says so', () => {
    expect(validateCard({ ...good, cvc: '12', holderName: '  ' }, NOW)).toEqual({
      cvc: 'card.error.cvc',
      holderName: 'card.error.holder',
    });
    expect(validateCard(good, NOW)).toEqual({});
  });

  it('when the shopper types, then the number is grouped by four and the expiry gets its slash; the body has digits only', () => {
    expect(formatCardNumber('4242424242424242')).toBe('4242 4242 4242 4242');
    expect(formatExpiry('1228')).toBe('12/28');
    expect(toCardInput(good)).toEqual({
      number: '4242424242424242',
      expMonth: 12,
      expYear: 2028,
      cvc: '123',
      holderName: 'Amina Benali',
    });
  });
});

describe('address form validation', () => {
  const filled = {
    ...EMPTY_ADDRESS,
    fullName: 'Amina Benali',
    line1: '12 Derb Sidi Bouloukat',
    city: 'Marrakech',
    postalCode: '40000',
  };

  it('when required fields are empty, then each one is flagged', () => {
    expect(validateAddress(EMPTY_ADDRESS)).toEqual({
      fullName: 'address.error.required',
      line1: 'address.error.required',
      city: 'address.error.required',
      postalCode: 'address.error.required',
    });
  });

  it('when the postal code or the phone has the wrong shape, then they are refused', () => {
    expect(validateAddress({ ...filled, postalCode: '-400' }).postalCode).toBe(
      'address.error.postalCode',
    );
    expect(validateAddress({ ...filled, phone: '12' }).phone).toBe('address.error.phone');
    expect(validateAddress({ ...filled, phone: '+212 6 12 34 56 78' })).toEqual({});
  });

  it('when the address is sent, then it is trimmed and empty optional parts are left out', () => {
    expect(
      toShippingAddress({ ...filled, fullName: ' Amina Benali ', phone: '+212 612 345 678' }),
    ).toEqual({
      fullName: 'Amina Benali',
      line1: '12 Derb Sidi Bouloukat',
      city: 'Marrakech',
      postalCode: '40000',
      country: 'MA',
      phone: '+212612345678',
    });
  });
});

describe('idempotency keys per attempt', () => {
  it('when the same attempt is retried, then the key is reused; a new body or a settled attempt gets a new key', () => {
    let n = 0;
    const attempt = createIdempotentAttempt(() => `key-${++n}`);
    const body = { orderId: 'o', card: { number: '4000000000000002' } };
    expect(attempt.keyFor(body)).toBe('key-1');
    expect(attempt.keyFor({ ...body })).toBe('key-1');
    attempt.settle();
    expect(attempt.keyFor(body)).toBe('key-2');
    expect(attempt.keyFor({ ...body, card: { number: '4242424242424242' } })).toBe('key-3');
  });

  it('when a call failed on the network, in flight (409) or on the server, then it may be retried with the same key', () => {
    expect([0, 409, 500, 503].every(isRetryableFailure)).toBe(true);
    expect([400, 401, 404, 422].some(isRetryableFailure)).toBe(false);
  });
});

describe('address form limits', () => {
  const filled = {
    ...EMPTY_ADDRESS,
    fullName: 'Amina',
    line1: '1 rue',
    city: 'Fès',
    postalCode: '30000',
  };

  it.each(['fullName', 'line1', 'line2', 'city'] as const)(
    'when %s is at the contract limit, then it passes; one character more is too long',
    (field) => {
      const max = ADDRESS_LIMITS[field];
      expect(validateAddress({ ...filled, [field]: 'a'.repeat(max) })[field]).toBeUndefined();
      expect(validateAddress({ ...filled, [field]: 'a'.repeat(max + 1) })[field]).toBe(
        'address.error.tooLong',
      );
    },
  );

  it('when the postal code is longer than the contract allows, then the form refuses it', () => {
    const max = ADDRESS_LIMITS.postalCode;
    expect(validateAddress({ ...filled, postalCode: '1'.repeat(max) }).postalCode).toBeUndefined();
    expect(validateAddress({ ...filled, postalCode: '1'.repeat(max + 1) }).postalCode).toBe(
      'address.error.postalCode',
    );
  });
});
