import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addressBody,
  startClientService,
  type ClientHarness,
  type RegisteredClient,
} from './helpers.js';

let service: ClientHarness;

beforeAll(async () => {
  service = await startClientService('profile');
});

afterAll(async () => {
  await service?.close();
});

const me = (client: RegisteredClient) =>
  service.inject(client.token, { method: 'GET', url: '/api/clients/me' });
const addAddress = (client: RegisteredClient, overrides: Record<string, unknown> = {}) =>
  service.inject(client.token, {
    method: 'POST',
    url: '/api/clients/me/addresses',
    payload: addressBody(overrides),
  });

describe('my profile', () => {
  it('when no token is sent, then every profile route answers 401', async () => {
    const replies = await Promise.all([
      service.inject(undefined, { method: 'GET', url: '/api/clients/me' }),
      service.inject(undefined, {
        method: 'PATCH',
        url: '/api/clients/me',
        payload: { firstName: 'X' },
      }),
      service.inject(undefined, {
        method: 'POST',
        url: '/api/clients/me/addresses',
        payload: addressBody(),
      }),
      service.inject(undefined, {
        method: 'DELETE',
        url: `/api/clients/me/addresses/${randomUUID()}`,
      }),
      service.inject(undefined, { method: 'GET', url: '/api/clients' }),
    ]);
    expect(replies.map((reply) => reply.statusCode)).toEqual([401, 401, 401, 401, 401]);
  });

  it('when the registration event has not arrived yet, then my profile answers 404 saying it is on its way', async () => {
    const reply = await service.inject(await service.tokenFor(randomUUID()), {
      method: 'GET',
      url: '/api/clients/me',
    });
    expect(reply.statusCode).toBe(404);
    expect(reply.headers['content-type']).toContain('application/problem+json');
    expect(reply.headers['retry-after']).toBe('2');
    expect(reply.json().detail).toMatch(/registration event.*on its way/);
  });

  it('when I read and change my profile, then names are tidied, the phone can be cleared, and the email stays', async () => {
    const client = await service.registerClient({
      firstName: 'Amina',
      lastName: 'Alaoui',
      phone: '+212612345678',
    });
    const before = (await me(client)).json();
    expect(before).toMatchObject({
      userId: client.userId,
      email: client.email,
      firstName: 'Amina',
      lastName: 'Alaoui',
      phone: '+212612345678',
    });
    expect(before).toMatchObject({ disabled: false, deleted: false, addresses: [] });

    const reply = await service.inject(client.token, {
      method: 'PATCH',
      url: '/api/clients/me',
      payload: { firstName: '  Hélène  Marie ', phone: null },
    });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toMatchObject({
      firstName: 'Hélène Marie',
      lastName: 'Alaoui',
      phone: null,
      email: client.email,
    });
    expect(Date.parse(reply.json().updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
    expect((await me(client)).json()).toMatchObject({ firstName: 'Hélène Marie', phone: null });
  });

  it.each([
    [{ email: 'other@example.com' }],
    [{ userId: randomUUID() }],
    [{ roles: ['ADMIN'] }],
    [{ disabled: false }],
    [{ deleted: false }],
    [{ firstName: 'Ok', id: randomUUID() }],
    [{}],
    [{ phone: 'not a phone' }],
    [{ firstName: '   ' }],
  ])(
    'when my profile change carries %j, then it is refused with 400 and nothing changes',
    async (payload) => {
      const client = await service.registerClient({ firstName: 'Youssef' });
      const reply = await service.inject(client.token, {
        method: 'PATCH',
        url: '/api/clients/me',
        payload,
      });
      expect(reply.statusCode).toBe(400);
      expect(reply.json().code).toBe('validation_failed');
      expect((await me(client)).json()).toMatchObject({
        firstName: 'Youssef',
        email: client.email,
      });
    },
  );

  it('when my account is disabled, then I can read my profile but not change it or its addresses', async () => {
    const client = await service.registerClient();
    const disabled = await service.publish('auth.user.disabled', { userId: client.userId });
    await service.waitForHandled(disabled.id);

    expect((await me(client)).json().disabled).toBe(true);
    const patch = await service.inject(client.token, {
      method: 'PATCH',
      url: '/api/clients/me',
      payload: { firstName: 'Nope' },
    });
    expect(patch.statusCode).toBe(403);
    expect((await addAddress(client)).statusCode).toBe(403);
  });
});

describe('my addresses', () => {
  it('when I add addresses, then the first is the default, a new default replaces the old one, and parts are tidied', async () => {
    const client = await service.registerClient();
    const first = await addAddress(client, {
      label: 'Home',
      line2: 'Apt 4',
      phone: '+212600000001',
      postalCode: ' 20250 ',
    });
    expect(first.statusCode).toBe(400); // the postal code pattern refuses a leading space

    const home = await addAddress(client, {
      label: ' Home ',
      line2: 'Apt 4',
      phone: '+212600000001',
    });
    expect(home.statusCode).toBe(201);
    expect(home.json()).toEqual({
      id: expect.any(String),
      label: 'Home',
      fullName: 'Amina Alaoui',
      line1: '12 rue des Orangers',
      line2: 'Apt 4',
      city: 'Casablanca',
      postalCode: '20250',
      country: 'MA',
      phone: '+212600000001',
      isDefault: true,
    });
    const office = await addAddress(client, { label: 'Office', city: 'Rabat' });
    expect(office.json()).toMatchObject({ isDefault: false });
    expect(office.json()).not.toHaveProperty('line2');
    const parents = await addAddress(client, { label: 'Parents', city: 'Fès', isDefault: true });
    expect(parents.json().isDefault).toBe(true);

    const profile = (await me(client)).json();
    expect(profile.addresses.map((address: { label: string }) => address.label)).toEqual([
      'Parents',
      'Home',
      'Office',
    ]);
    expect(
      profile.addresses.filter((address: { isDefault: boolean }) => address.isDefault),
    ).toHaveLength(1);
  });

  it('when I change an address or make another one the default, then there is still exactly one default', async () => {
    const client = await service.registerClient();
    const home = (await addAddress(client, { label: 'Home' })).json();
    const office = (await addAddress(client, { label: 'Office' })).json();

    const changed = await service.inject(client.token, {
      method: 'PATCH',
      url: `/api/clients/me/addresses/${office.id}`,
      payload: { city: 'Tanger', line2: 'Floor 3', label: null, isDefault: true },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      id: office.id,
      city: 'Tanger',
      line2: 'Floor 3',
      isDefault: true,
    });
    expect(changed.json()).not.toHaveProperty('label');

    const addresses = (await me(client)).json().addresses;
    expect(
      addresses.map((address: { id: string; isDefault: boolean }) => [
        address.id,
        address.isDefault,
      ]),
    ).toEqual([
      [office.id, true],
      [home.id, false],
    ]);

    const undefault = await service.inject(client.token, {
      method: 'PATCH',
      url: `/api/clients/me/addresses/${office.id}`,
      payload: { isDefault: false },
    });
    expect(undefault.statusCode).toBe(409);
  });

  it('when I delete the default address, then the oldest remaining one becomes the default', async () => {
    const client = await service.registerClient();
    const home = (await addAddress(client, { label: 'Home' })).json();
    const office = (await addAddress(client, { label: 'Office' })).json();
    const parents = (await addAddress(client, { label: 'Parents', isDefault: true })).json();

    const removed = await service.inject(client.token, {
      method: 'DELETE',
      url: `/api/clients/me/addresses/${parents.id}`,
    });
    expect(removed.statusCode).toBe(204);
    const addresses = (await me(client)).json().addresses;
    expect(
      addresses.map((address: { id: string; isDefault: boolean }) => [
        address.id,
        address.isDefault,
      ]),
    ).toEqual([
      [home.id, true],
      [office.id, false],
    ]);

    const again = await service.inject(client.token, {
      method: 'DELETE',
      url: `/api/clients/me/addresses/${parents.id}`,
    });
    expect(again.statusCode).toBe(404);
  });

  it('when I already keep 10 addresses, then an 11th is refused with 409, even when sent all at once', async () => {
    const client = await service.registerClient();
    const replies = await Promise.all(
      Array.from({ length: 12 }, (_, index) => addAddress(client, { label: `Address ${index}` })),
    );
    expect(replies.filter((reply) => reply.statusCode === 201)).toHaveLength(10);
    expect(replies.filter((reply) => reply.statusCode === 409)).toHaveLength(2);
    const addresses = (await me(client)).json().addresses;
    expect(addresses).toHaveLength(10);
    expect(addresses.filter((address: { isDefault: boolean }) => address.isDefault)).toHaveLength(
      1,
    );

    const one = addresses[3].id;
    await service.inject(client.token, {
      method: 'DELETE',
      url: `/api/clients/me/addresses/${one}`,
    });
    expect((await addAddress(client)).statusCode).toBe(201);
  });

  it.each([
    [{ country: 'ma' }],
    [{ country: 'ZZ' }],
    [{ country: 'UK' }],
    [{ fullName: '' }],
    [{ line1: '   ' }],
    [{ postalCode: '20250; DROP' }],
    [{ userId: '00000000-0000-4000-8000-000000000000' }],
    [{ clientId: '00000000-0000-4000-8000-000000000000' }],
    [{ isDefault: 'yes' }],
  ])('when an address carries %j, then it is refused with 400', async (overrides) => {
    const client = await service.registerClient();
    const reply = await addAddress(client, overrides);
    expect(reply.statusCode).toBe(400);
    expect((await me(client)).json().addresses).toEqual([]);
  });
});

describe('two clients', () => {
  it("when client B uses client A's address ids, then B gets 404 and A's addresses are untouched", async () => {
    const alice = await service.registerClient({ firstName: 'Alice' });
    const bob = await service.registerClient({ firstName: 'Bob' });
    const address = (await addAddress(alice, { label: 'Home' })).json();

    const patch = await service.inject(bob.token, {
      method: 'PATCH',
      url: `/api/clients/me/addresses/${address.id}`,
      payload: { city: 'Agadir' },
    });
    const remove = await service.inject(bob.token, {
      method: 'DELETE',
      url: `/api/clients/me/addresses/${address.id}`,
    });
    expect([patch.statusCode, remove.statusCode]).toEqual([404, 404]);
    expect((await me(alice)).json().addresses).toEqual([address]);
    expect((await me(bob)).json()).toMatchObject({ firstName: 'Bob', addresses: [] });
  });

  it("when client B calls the admin routes for A's profile, then every one answers 403 and nothing changes", async () => {
    const alice = await service.registerClient({ firstName: 'Alice' });
    const bob = await service.registerClient({ firstName: 'Bob' });
    const aliceId = (await me(alice)).json().id;

    const replies = await Promise.all([
      service.inject(bob.token, { method: 'GET', url: '/api/clients' }),
      service.inject(bob.token, { method: 'GET', url: '/api/clients/stats' }),
      service.inject(bob.token, { method: 'GET', url: `/api/clients/${aliceId}` }),
      service.inject(bob.token, {
        method: 'PATCH',
        url: `/api/clients/${aliceId}`,
        payload: { firstName: 'Mallory' },
      }),
      service.inject(bob.token, { method: 'DELETE', url: `/api/clients/${aliceId}` }),
      service.inject(bob.token, { method: 'GET', url: '/api/ops/client/dead-letters' }),
    ]);
    expect(replies.map((reply) => reply.statusCode)).toEqual([403, 403, 403, 403, 403, 403]);
    expect((await me(alice)).json()).toMatchObject({ firstName: 'Alice', deleted: false });
  });
});
