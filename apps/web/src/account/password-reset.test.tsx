import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeFetch, problem } from '../test/fake-fetch.js';
import { renderApp } from '../test/render.js';
import { resetTokenFrom } from './reset-password-page.js';

const TOKEN = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde';

function linkRefused(reason: string): Response {
  return new Response(
    JSON.stringify({
      type: 'about:blank',
      title: 'Invalid request',
      status: 400,
      detail: 'This reset link …',
      instance: '/',
      code: 'validation_failed',
      reason,
    }),
    { status: 400, headers: { 'content-type': 'application/problem+json' } },
  );
}

describe('forgotten password', () => {
  it('the token is read from the fragment only, and only when it has the right shape', () => {
    expect(resetTokenFrom(`#token=${TOKEN}`)).toBe(TOKEN);
    expect(resetTokenFrom('#token=short')).toBeUndefined();
    expect(resetTokenFrom('')).toBeUndefined();
  });

  it('when the login page link is followed and an address sent, then the page says a link was sent if an account has it', async () => {
    const { fetch, calls } = fakeFetch({
      'POST /api/auth/password-reset': () => new Response(null, { status: 202 }),
    });
    renderApp('/login', { fetch });
    await userEvent.click(await screen.findByRole('link', { name: 'Mot de passe oublié ?' }));
    await userEvent.type(await screen.findByLabelText(/E-mail/), 'amina@example.com');
    await userEvent.click(screen.getByRole('button', { name: 'Envoyer le lien' }));
    expect(await screen.findByTestId('reset-sent')).toHaveTextContent('amina@example.com');
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({
      email: 'amina@example.com',
    });
  });

  it('when too many links were asked for, then the page says when to try again', async () => {
    const { fetch } = fakeFetch({
      'POST /api/auth/password-reset': () =>
        problem(429, 'rate_limited', 'Too many', { 'retry-after': '120' }),
    });
    renderApp('/forgot-password', { fetch });
    await userEvent.type(await screen.findByLabelText(/E-mail/), 'amina@example.com');
    await userEvent.click(screen.getByRole('button', { name: 'Envoyer le lien' }));
    expect(await screen.findByText(/Réessayez dans 120 s/)).toBeInTheDocument();
  });

  it('when the link is opened and a new password saved, then the page says so and offers to sign in', async () => {
    const { fetch, calls } = fakeFetch({
      'POST /api/auth/password-reset/confirm': () => new Response(null, { status: 204 }),
    });
    renderApp(`/reset-password#token=${TOKEN}`, { fetch });
    await userEvent.type(
      await screen.findByLabelText(/Nouveau mot de passe/),
      'a fresh passphrase',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Enregistrer le mot de passe' }));
    expect(await screen.findByTestId('reset-done')).toBeInTheDocument();
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({
      token: TOKEN,
      password: 'a fresh passphrase',
    });
    // Under the message (the header has its own sign-in link too).
    const signIn = screen.getAllByRole('link', { name: 'Se connecter' });
    expect(signIn.some((link) => link.classList.contains('btn'))).toBe(true);
  });

  it.each([
    ['reset_link_used', 'Ce lien a déjà servi'],
    ['reset_link_expired', 'Ce lien a expiré'],
    ['reset_link_unknown', 'Ce lien n’est pas valable'],
  ])(
    'when the service refuses the link as %s, then the page says why and offers a new one',
    async (reason, text) => {
      const { fetch } = fakeFetch({
        'POST /api/auth/password-reset/confirm': () => linkRefused(reason),
      });
      renderApp(`/reset-password#token=${TOKEN}`, { fetch });
      await userEvent.type(
        await screen.findByLabelText(/Nouveau mot de passe/),
        'a fresh passphrase',
      );
      await userEvent.click(screen.getByRole('button', { name: 'Enregistrer le mot de passe' }));
      expect(await screen.findByTestId('reset-link-refused')).toHaveTextContent(text);
      expect(screen.getByRole('link', { name: 'Demander un nouveau lien' })).toBeInTheDocument();
    },
  );

  it('when the link has no token, then the page says so instead of showing a form', async () => {
    const { fetch } = fakeFetch({});
    renderApp('/reset-password', { fetch });
    expect(await screen.findByTestId('reset-link-refused')).toHaveTextContent('incomplet');
    expect(screen.queryByRole('button', { name: 'Enregistrer le mot de passe' })).toBeNull();
  });
});
