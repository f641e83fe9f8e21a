import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually, type ApiClient } from '../support/api.js';
import { badValuesFor, bodyProbes, oddPathSegments, Raw } from '../support/fuzz/inputs.js';
import {
  leavesOf,
  operationsOf,
  realIdFor,
  type Fixtures,
  type JsonSchema,
  type Operation,
} from '../support/fuzz/openapi.js';
import {
  buildRequest,
  closeConnections,
  describe as describeRequest,
  faultOf,
  percentEncode,
  send,
  validBodyText,
  type Change,
  type FuzzRequest,
  type Principal,
} from '../support/fuzz/requests.js';
import { startSystem, type System } from '../support/system.js';

// Issue 8's fuzz suite: for every operation of the merged OpenAPI document, bad inputs derived from
// its schemas go through the gateway as a visitor, a client and an admin. Whatever the input, no
// answer is a 5xx and every error is a complete RFC 9457 problem.

const PARALLEL = 8;
/** Random requests after the systematic ones; a failure prints fast-check's seed and counterexample. */
const RANDOM_RUNS = 5_000;
/** FUZZ_LOG=<file> writes every request and the start of its answer there, to see how deep they get. */
const LOG_FILE = process.env.FUZZ_LOG;

describe('fuzzing every operation through the gateway', () => {
  let system: System;
  let api: ApiClient;
  let base: URL;
  let operations: Operation[];
  let fixtures: Fixtures;
  const tokens: Record<Principal, string | undefined> = {
    anonymous: undefined,
    client: undefined,
    admin: undefined,
  };
  const counts = { sent: 0, serverErrors: 0, fuzzingMs: 0 };

  beforeAll(async () => {
    // Thousands of requests from one address would otherwise be a rate-limit test.
    system = await startSystem({
      env: {
        GATEWAY_RATE_LIMIT_MAX: '0',
        GATEWAY_LOGIN_RATE_LIMIT_MAX: '100000',
        AUTH_LOGIN_MAX_FAILURES_PER_IP: '100000',
        PRODUCT_DEMO_CATALOG: 'false',
      },
    });
    api = apiClient(system.gatewayUrl);
    base = new URL(system.gatewayUrl);
    tokens.admin = await api.login(system.admin.email, system.admin.password);
    fixtures = await createFixtures(api, tokens);
    const document = await api.get('/api/docs/openapi.json');
    expect(document.status).toBe(200);
    operations = operationsOf(document.body);
  });

  afterAll(async () => {
    console.log(
      `fuzz: ${counts.sent} requests, ${counts.serverErrors} answered 5xx, in ${Math.round(counts.fuzzingMs / 1000)} s`,
    );
    closeConnections();
    await system?.stop();
  });

  async function timed<T>(work: () => Promise<T>): Promise<T> {
    const startedAt = Date.now();
    try {
      return await work();
    } finally {
      counts.fuzzingMs += Date.now() - startedAt;
    }
  }

  async function probe(request: FuzzRequest): Promise<string | undefined> {
    counts.sent += 1;
    try {
      const answer = await send(base, request);
      if (LOG_FILE)
        appendFileSync(
          LOG_FILE,
          `${answer.status} ${describeRequest(request)} ${answer.text.slice(0, 160)}\n`,
        );
      if (answer.status >= 500) counts.serverErrors += 1;
      const fault = faultOf(answer);
      return fault ? describeRequest(request, answer, fault) : undefined;
    } catch (error) {
      return describeRequest(request, undefined, (error as Error).message);
    }
  }

  it('the document lists the operations of every service', () => {
    const areas = new Set(operations.map((operation) => operation.path.split('/')[2]));
    for (const area of [
      'auth',
      'products',
      'categories',
      'cart',
      'orders',
      'payments',
      'clients',
      'notifications',
      'ops',
    ])
      expect(areas).toContain(area);
    expect(operations.length).toBeGreaterThan(50);
  });

  it('when each value, path parameter, query and body of each operation is made bad in turn, then no answer is a 5xx and every error is a problem', async () => {
    const requests = operations.flatMap((operation) => systematicRequests(operation));
    const faults = (await timed(() => inParallel(requests, PARALLEL, probe))).filter(
      (fault): fault is string => fault !== undefined,
    );
    expect(
      faults,
      `${faults.length} of ${requests.length} requests failed:\n${faults.slice(0, 40).join('\n')}`,
    ).toEqual([]);
  }, 600_000);

  it('when random operations get random bad values as anyone, then no answer is a 5xx and every error is a problem', async () => {
    const byKey = new Map(operations.map((operation) => [operation.key, operation]));
    const cases = fc.integer({ min: 0, max: operations.length - 1 }).chain((index) =>
      fc.record({
        key: fc.constant(operations[index]!.key),
        as: fc.constantFrom<Principal>('anonymous', 'client', 'admin'),
        changes: fc.array(changeOf(operations[index]!), { minLength: 1, maxLength: 3 }),
      }),
    );
    const property = fc.asyncProperty(cases, async ({ key, as, changes }) => {
      const fault = await probe(
        buildRequest(byKey.get(key)!, fixtures, as, tokens, changes, 'random'),
      );
      if (fault) throw new Error(fault);
    });
    // Each run is a request: no shrinking, which would replay many more.
    await timed(() => fc.assert(property, { numRuns: RANDOM_RUNS, endOnFailure: true }));
  }, 600_000);

  /** Every bad input for one operation, sent as the principal that gets deepest into it. */
  function systematicRequests(operation: Operation): FuzzRequest[] {
    const as = deepestPrincipal(operation);
    const request = (label: string, changes: Change[]) =>
      buildRequest(operation, fixtures, as, tokens, changes, label);
    const requests: FuzzRequest[] = [request('as documented', [])];
    for (const leaf of leavesOf(operation)) {
      const where = `${leaf.part}.${leaf.location.join('.')}`;
      requests.push(request(`${where} left out`, [{ value: { ...leaf, value: undefined } }]));
      for (const bad of badValuesFor(leaf.schema, fixtures)) {
        requests.push(
          request(`${where} = ${bad.label}`, [{ value: { ...leaf, value: bad.value } }]),
        );
      }
    }
    for (const parameter of operation.parameters.filter((candidate) => candidate.in === 'path')) {
      for (const odd of oddPathSegments(realIdFor(operation, parameter.name, fixtures))) {
        requests.push(
          request(`${parameter.name} = ${odd.label}`, [
            { pathSegment: { name: parameter.name, encoded: String(odd.value) } },
          ]),
        );
      }
    }
    for (const parameter of operation.parameters.filter((candidate) => candidate.in === 'query')) {
      const name = percentEncode(parameter.name);
      for (const raw of [`${name}=1&${name}=2`, `${name}[]=1`, `${name}[a]=1`, `${name}=`])
        requests.push(request(`query ${raw}`, [{ rawQuery: raw }]));
    }
    for (const raw of [
      'unknown=1',
      '%00=1',
      '%E0%A4%A=1',
      `q=${'x'.repeat(12_000)}`,
      'a=%ED%A0%80',
    ])
      requests.push(request(`query ${raw.slice(0, 20)}`, [{ rawQuery: raw }]));
    const probes = bodyProbes(validBodyText(operation, fixtures));
    for (const body of operation.body || operation.method !== 'GET' ? probes : probes.slice(0, 2))
      requests.push(request(`body: ${body.label}`, [{ body }]));
    // The other principals meet the edge checks (401, 403) with the same bad inputs.
    for (const other of (['anonymous', 'client', 'admin'] as const).filter(
      (principal) => principal !== as,
    )) {
      requests.push(
        buildRequest(operation, fixtures, other, tokens, [{ body: probes[0]! }], 'form-encoded'),
      );
    }
    return requests;
  }

  /** Arbitrary changes for one operation: a value anywhere, a path segment, a body, a query. */
  function changeOf(operation: Operation): fc.Arbitrary<Change> {
    const options: Array<fc.Arbitrary<Change>> = [
      fc.constantFrom(...bodyProbes(validBodyText(operation, fixtures))).map((body) => ({ body })),
      fc
        .oneof(
          fc.constantFrom('unknown=1', '%00=1', 'page=1&page=x', 'q[a]=1'),
          fc.string({ unit: 'binary', maxLength: 40 }).map((text) => `q=${percentEncode(text)}`),
        )
        .map((rawQuery) => ({ rawQuery })),
    ];
    const leaves = leavesOf(operation);
    if (leaves.length > 0) {
      options.push(
        fc
          .constantFrom(...leaves)
          .chain((leaf) => valueFor(leaf.schema).map((value) => ({ value: { ...leaf, value } }))),
      );
    }
    const names = operation.parameters
      .filter((parameter) => parameter.in === 'path')
      .map((parameter) => parameter.name);
    if (names.length > 0) {
      const segment = fc.oneof(
        // Around an id of nothing: an id spelt in another case is the same record, which a DELETE would remove.
        fc.constantFrom(...oddPathSegments(randomUUID()).map((odd) => String(odd.value))),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }).map(percentEncode),
      );
      options.push(
        fc
          .record({ name: fc.constantFrom(...names), encoded: segment })
          .map((pathSegment) => ({ pathSegment })),
      );
    }
    return fc.oneof(...options);
  }

  function valueFor(schema: JsonSchema): fc.Arbitrary<unknown> {
    const oddUnits = fc.constantFrom('\u0000', '\ud800', '\udc00', 'a', 'é', '\ud83d', '%', '"');
    return fc.oneof(
      fc.constantFrom(...badValuesFor(schema, fixtures).map((bad) => bad.value)),
      fc.string({ unit: oddUnits, maxLength: 30 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.oneof(
        fc.integer(),
        fc.double(),
        fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map((big) => new Raw(big.toString())),
      ),
      fc.json({ maxDepth: 3 }).map((text) => new Raw(text)),
    );
  }
});

/** Admin routes reach furthest as the admin, a client's own things as that client, public ones as a visitor. */
function deepestPrincipal(operation: Operation): Principal {
  if (!operation.isSecured && !operation.path.startsWith('/api/ops/')) return 'anonymous';
  const own = ['/api/clients/me', '/api/cart', '/api/notifications'].some((prefix) =>
    operation.path.startsWith(prefix),
  );
  return own || operation.key === 'POST /api/payments' ? 'client' : 'admin';
}

async function inParallel<T, R>(
  items: T[],
  width: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}

/** Real records the requests can point at: a product, an order that was paid, an address, a message. */
async function createFixtures(
  api: ApiClient,
  tokens: Record<Principal, string | undefined>,
): Promise<Fixtures> {
  const admin = tokens.admin!;
  const client = await api.register('fuzz');
  const victim = await api.register('victim');
  tokens.client = client.token;
  const categoryId = (
    await api.post('/api/categories', {
      token: admin,
      body: { name: `Fuzz ${randomUUID().slice(0, 8)}` },
    })
  ).body.id as string;
  const product = await api.post('/api/products', {
    token: admin,
    body: {
      name: 'Fuzzed lantern',
      description: 'Lit by bad inputs.',
      price: 12000,
      stock: 100_000,
      categoryId,
    },
  });
  expect(product.status).toBe(201);
  const productId = product.body.id as string;
  const shippingAddress = {
    fullName: 'Salma Bennani',
    line1: '12 derb Sidi Ahmed',
    city: 'Fès',
    postalCode: '30000',
    country: 'MA',
  };
  const address = await eventually(async () => {
    const response = await api.post('/api/clients/me/addresses', {
      token: client.token,
      body: shippingAddress,
    });
    return response.status === 201 ? (response.body.id as string) : undefined;
  }, 'the client profile to take an address');
  const order = await api.post('/api/orders', {
    token: client.token,
    body: { items: [{ productId, quantity: 1 }], shippingAddress },
    headers: { 'idempotency-key': randomUUID() },
  });
  expect(order.status).toBe(201);
  const orderId = order.body.id as string;
  await eventually(
    async () =>
      (await api.get(`/api/orders/${orderId}`, { token: client.token })).body.status ===
      'AWAITING_PAYMENT',
    'the order to await payment',
  );
  const card = {
    number: '4242 4242 4242 4242',
    expMonth: 12,
    expYear: new Date().getUTCFullYear() + 2,
    cvc: '123',
    holderName: 'Salma Bennani',
  };
  const payment = await api.post('/api/payments', {
    token: client.token,
    body: { orderId, card },
    headers: { 'idempotency-key': randomUUID() },
  });
  expect(payment.status).toBe(201);
  const notificationId = await eventually(
    async () =>
      (await api.get('/api/notifications', { token: client.token })).body.items?.[0]?.id as
        string | undefined,
    'a notification',
  );
  const victimClientId = await eventually(async () => {
    const response = await api.get('/api/clients/me', { token: victim.token });
    return response.status === 200 ? (response.body.id as string) : undefined;
  }, "the victim's client profile");
  const spare = await api.post('/api/products', {
    token: admin,
    body: {
      name: 'Spare lantern',
      description: 'To be deleted.',
      price: 100,
      stock: 1,
      categoryId,
    },
  });
  const spareCategory = await api.post('/api/categories', {
    token: admin,
    body: { name: `Spare ${randomUUID().slice(0, 8)}` },
  });
  const spareAddress = await api.post('/api/clients/me/addresses', {
    token: client.token,
    body: { ...shippingAddress, label: 'Spare' },
  });
  expect([spare.status, spareCategory.status, spareAddress.status]).toEqual([201, 201, 201]);
  return {
    disposable: {
      productId: spare.body.id,
      categoryId: spareCategory.body.id,
      addressId: spareAddress.body.id,
    },
    productId,
    categoryId,
    orderId,
    paymentId: payment.body.id,
    addressId: address,
    notificationId,
    victimUserId: victim.userId,
    victimClientId,
    imageFile: '0123456789abcdef0123456789abcdef.png',
  };
}
