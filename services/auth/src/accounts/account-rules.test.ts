import { describe, expect, it } from 'vitest';
import { canonicalRoles, normalizeEmail, passwordProblem, prepareNewAccount } from './account-rules.js';

const valid = { email: 'Amina@Example.MA', password: 'a long password', firstName: 'Amina', lastName: 'Alaoui' };

describe('email normalisation', () => {
  it('when an email has spaces around it and capitals, then it is trimmed and lower-cased', () => {
    expect(normalizeEmail('  Amina.Alaoui@Example.MA \t')).toBe('amina.alaoui@example.ma');
  });

  it('when two spellings differ only by case, then they normalise to the same email', () => {
    expect(normalizeEmail('OMAR@mail.com')).toBe(normalizeEmail('omar@MAIL.com'));
  });
});

describe('password policy', () => {
  it('when a password has fewer than 8 characters, then it is refused', () => {
    expect(passwordProblem('1234567')).toMatch(/at least 8/);
    expect(passwordProblem('12345678')).toBeUndefined();
  });

  it('when a password has more than 128 characters, then it is refused', () => {
    expect(passwordProblem('x'.repeat(128))).toBeUndefined();
    expect(passwordProblem('x'.repeat(129))).toMatch(/at most 128/);
  });

  it('when a password uses characters outside the BMP, then each counts as one character', () => {
    expect(passwordProblem('🔑'.repeat(8))).toBeUndefined();
    expect(passwordProblem('🔑'.repeat(7))).toMatch(/at least 8/);
  });

  it('when a password is only spaces, then it is refused', () => {
    expect(passwordProblem('          ')).toMatch(/only spaces/);
  });
});

describe('new account', () => {
  it('when a visitor registers, then the account gets the CLIENT role only and a normalised email', () => {
    expect(prepareNewAccount({ ...valid, phone: undefined })).toEqual({
      email: 'amina@example.ma',
      firstName: 'Amina',
      lastName: 'Alaoui',
      phone: null,
      roles: ['CLIENT'],
    });
  });

  it('when extra fields such as roles are smuggled in, then they are ignored and the role stays CLIENT', () => {
    const smuggled = { ...valid, roles: ['ADMIN'], isAdmin: true } as typeof valid;
    expect(prepareNewAccount(smuggled).roles).toEqual(['CLIENT']);
  });

  it('when names are blank after trimming, then the account is refused', () => {
    expect(() => prepareNewAccount({ ...valid, firstName: '   ' })).toThrow(/cannot be blank/);
  });

  it('when the email is not an address, then the account is refused', () => {
    expect(() => prepareNewAccount({ ...valid, email: 'not-an-email' })).toThrow(/not valid/);
  });
});

describe('roles', () => {
  it('when roles repeat or come in any order, then they are stored once each in a fixed order', () => {
    expect(canonicalRoles(['ADMIN', 'CLIENT', 'ADMIN'])).toEqual(['CLIENT', 'ADMIN']);
  });
});
