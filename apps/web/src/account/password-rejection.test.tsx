import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ClientProfile, PasswordRejection } from '@souk/contracts';
import { describe, expect, it } from 'vitest';
import { REFRESH_TOKEN_KEY } from '../auth/session.js';
import { fakeFetch, json, tokens } from '../test/fake-fetch.js';
import { renderApp } from '../test/render.js';

/** The auth service's 400 for a refused new password. */
function refused(field: 'password' | 'newPassword', reason: PasswordRejection): Response {
  const path = `body.${field}`;
  const message =
    reason === 'common'
      ? 'is too common: …; choose another'
      : 'is too easy to guess: …; choose another';
  return json(
    {
      type: 'urn:souk:problem:validation_failed',
      title: 'Invalid request',
      status: 400,
      detail: `Invalid body: ${path} ${message}`,
      instance: '/',
      code: 'validation_failed',
      errors: [{ path, message, reason }],
    },
    400,
    {
      'content-type': 'application/problem+json',
    },
  );
}

const PROFILE: ClientProfile = {
  id: '7d9c7a1e-2222-4c8b-9a8f-000000000002',
  userId: '7d9c7a1e-1111-4c8b-9a8f-000000000001',
  email: 'amina@example.com',
  firstName: 'Amina',
  lastName: 'Alaoui',
  phone: null,
  disabled: false,
  deleted: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  addresses: [],
};

async function submitRegistration(
  labels: { first: string; last: string; email: string; password: string; submit: string },
  password: string,
) {
  await userEvent.type(await screen.findByLabelText(labels.first), 'Amina');
  await userEvent.type(screen.getByLabelText(labels.last), 'Alaoui');
  await userEvent.type(screen.getByLabelText(labels.email), 'amina@example.com');
  await userEvent.type(screen.getByLabelText(labels.password), password);
  await userEvent.click(screen.getByRole('button', { name: labels.submit }));
}

describe('registration refused for its password', () => {
  const fr = {
    first: 'Prénom',
    last: 'Nom',
    email: 'E-mail',
    password: 'Mot de passe',
    submit: 'Créer mon compte',
  };
  const en = {
    first: 'First name',
    last: 'Last name',
    email: 'Email',
    password: 'Password',
    submit: 'Create my account',
  };

  it('when the service says the password is common, then the password field says so in French, until the password changes', async () => {
    const { fetch } = fakeFetch({ 'POST /api/auth/register': () => refused('password', 'common') });
    renderApp('/register', { fetch });
    await submitRegistration(fr, 'Password2024');
    const field = screen.getByLabelText('Mot de passe');
    expect(
      await screen.findByText(/Ce mot de passe est l’un des plus courants/),
    ).toBeInTheDocument();
    expect(field).toHaveAccessibleDescription(/l’un des plus courants/);
    await userEvent.type(field, 'x');
    expect(screen.queryByText(/l’un des plus courants/)).toBeNull();
  });

  it('when the service says the password is personal, then the field says so in English', async () => {
    const { fetch } = fakeFetch({
      'POST /api/auth/register': () => refused('password', 'personal'),
    });
    renderApp('/register', { fetch, locale: 'en' });
    await submitRegistration(en, 'Amina2024');
    expect(
      await screen.findByText(
        /This password is made from your email, your name or the shop’s name/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Password')).toHaveAttribute('aria-invalid', 'true');
  });
});

describe('password change refused for the new password', () => {
  function renderAccount(answer: () => Response, locale: 'fr' | 'en') {
    localStorage.setItem(REFRESH_TOKEN_KEY, 'r1');
    const { fetch } = fakeFetch({
      'POST /api/auth/refresh': () => json(tokens('a1', 'r2')),
      'GET /api/cart': () => json({ items: [], total: 0, currency: 'MAD' }),
      'GET /api/clients/me': () => json(PROFILE),
      'POST /api/auth/password': answer,
    });
    const { services } = renderApp('/account', { fetch, locale });
    void services.session.restore();
  }

  async function change(labels: { current: string; next: string; submit: string }, next: string) {
    await userEvent.type(await screen.findByLabelText(labels.current), 'my current passphrase');
    await userEvent.type(screen.getByLabelText(labels.next), next);
    await userEvent.click(screen.getByRole('button', { name: labels.submit }));
  }

  it('when the new password is common, then the new-password field says so in French, not that the current one is wrong', async () => {
    renderAccount(() => refused('newPassword', 'common'), 'fr');
    await change(
      {
        current: 'Mot de passe actuel',
        next: 'Nouveau mot de passe',
        submit: 'Changer le mot de passe',
      },
      'iloveyou1',
    );
    expect(
      await screen.findByText(/Ce mot de passe est l’un des plus courants/),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Nouveau mot de passe')).toHaveAccessibleDescription(
      /l’un des plus courants/,
    );
    expect(screen.queryByText('Mot de passe actuel incorrect.')).toBeNull();
  });

  it('when the new password is personal, then the field says so in English', async () => {
    renderAccount(() => refused('newPassword', 'personal'), 'en');
    await change(
      { current: 'Current password', next: 'New password', submit: 'Change password' },
      'Alaoui1990',
    );
    expect(await screen.findByText(/This password is made from your email/)).toBeInTheDocument();
  });

  it('when the current password is wrong, then that is what the form says', async () => {
    renderAccount(
      () =>
        json(
          {
            type: 'urn:souk:problem:unauthorized',
            title: 'Authentication required',
            status: 401,
            detail: 'The current password is wrong',
            instance: '/',
            code: 'unauthorized',
          },
          401,
        ),
      'fr',
    );
    await change(
      {
        current: 'Mot de passe actuel',
        next: 'Nouveau mot de passe',
        submit: 'Changer le mot de passe',
      },
      'tea with mint at noon',
    );
    expect(await screen.findByText('Mot de passe actuel incorrect.')).toBeInTheDocument();
  });
});
