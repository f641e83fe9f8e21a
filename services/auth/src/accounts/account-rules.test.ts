import { describe, expect, it } from 'vitest';
import {
  assertAcceptablePassword,
  canonicalRoles,
  normalizeEmail,
  passwordProblem,
  prepareNewAccount,
} from './account-rules.js';

const noCommonPasswords = new Set<string>();
const valid = {
  email: 'Amina@Example.MA',
  password: 'a long password',
  firstName: 'Amina',
  lastName: 'Alaoui',
};

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
    expect(passwordProblem('1234567')?.message).toMatch(/at least 8/);
    expect(passwordProblem('12345678')).toBeUndefined();
  });

  it('when a password has more than 128 characters, then it is refused', () => {
    expect(passwordProblem('x'.repeat(128))).toBeUndefined();
    expect(passwordProblem('x'.repeat(129))?.message).toMatch(/at most 128/);
  });

  it('when a password uses characters outside the BMP, then each counts as one character', () => {
    expect(passwordProblem('🔑'.repeat(8))).toBeUndefined();
    expect(passwordProblem('🔑'.repeat(7))?.message).toMatch(/at least 8/);
  });

  it('when a password is only spaces, then it is refused', () => {
    expect(passwordProblem('          ')?.message).toMatch(/only spaces/);
  });
});

describe('common and personal passwords', () => {
  const commonPasswords = new Set(['password', 'sunshine', 'iloveyou', 'dragon', 'ab']);
  const screen = {
    commonPasswords,
    owner: { email: 'Amina.Alaoui@Atlas-Mail.ma', firstName: 'Amina', lastName: 'El Alaoui' },
  };
  const reasonOf = (password: string) => passwordProblem(password, screen)?.reason;

  it('when a password is on the common list in any case, then it is refused as common', () => {
    expect(reasonOf('sunshine')).toBe('common');
    expect(reasonOf('SunShine')).toBe('common');
  });

  it('when a common password only has digits or symbols added at the end, then it is refused as common', () => {
    expect(reasonOf('Password2024!')).toBe('common');
    expect(reasonOf('dragon123456')).toBe('common');
  });

  it('when the stem left after the digits is shorter than 4 characters, then the password is not refused for it', () => {
    expect(reasonOf('ab1234567890')).toBeUndefined();
  });

  it('when a common password is only part of a longer one, then it is accepted', () => {
    expect(reasonOf('password manager picked this')).toBeUndefined();
    expect(reasonOf('2024password')).toBeUndefined();
  });

  it('when a password is the email, its local part, a domain label, a name or the shop name, then it is refused as personal', () => {
    for (const password of [
      'amina.alaoui@atlas-mail.ma',
      'Amina.Alaoui',
      'aminaalaoui',
      'atlas-mail',
      'Atlas-Mail.ma',
      'El Alaoui 1990',
      'AminaElAlaoui',
      'souk2024!',
      'Souk12345',
    ]) {
      expect([password, reasonOf(password)]).toEqual([password, 'personal']);
    }
  });

  it('when a password only contains a personal word among others, then it is accepted', () => {
    expect(reasonOf('amina likes mint tea')).toBeUndefined();
  });

  it('when a password is refused, then the 400 names the field and gives the reason', () => {
    let thrown: unknown;
    try {
      assertAcceptablePassword('Sunshine1', { field: 'newPassword', screen });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      code: 'validation_failed',
      message: expect.stringMatching(/^Invalid body: body\.newPassword is too common/),
      extensions: {
        errors: [
          {
            path: 'body.newPassword',
            reason: 'common',
            message: expect.stringMatching(/too common/),
          },
        ],
      },
    });
  });
});

describe('new account', () => {
  it('when a visitor registers, then the account gets the CLIENT role only and a normalised email', () => {
    expect(prepareNewAccount({ ...valid, phone: undefined }, noCommonPasswords)).toEqual({
      email: 'amina@example.ma',
      firstName: 'Amina',
      lastName: 'Alaoui',
      phone: null,
      roles: ['CLIENT'],
    });
  });

  it('when extra fields such as roles are smuggled in, then they are ignored and the role stays CLIENT', () => {
    const smuggled = { ...valid, roles: ['ADMIN'], isAdmin: true } as typeof valid;
    expect(prepareNewAccount(smuggled, noCommonPasswords).roles).toEqual(['CLIENT']);
  });

  it('when names are blank after trimming, then the account is refused', () => {
    expect(() => prepareNewAccount({ ...valid, firstName: '   ' }, noCommonPasswords)).toThrow(
      /cannot be blank/,
    );
  });

  it('when the password is the first name with digits, then the account is refused', () => {
    expect(() => prepareNewAccount({ ...valid, password: 'amina2024' }, noCommonPasswords)).toThrow(
      /body\.password is too easy to guess/,
    );
  });

  it('when the email is not an address, then the account is refused', () => {
    expect(() => prepareNewAccount({ ...valid, email: 'not-an-email' }, noCommonPasswords)).toThrow(
      /not valid/,
    );
  });
});

describe('roles', () => {
  it('when roles repeat or come in any order, then they are stored once each in a fixed order', () => {
    expect(canonicalRoles(['ADMIN', 'CLIENT', 'ADMIN'])).toEqual(['CLIENT', 'ADMIN']);
  });
});
