import fc from 'fast-check';

/**
 * The operations of the merged OpenAPI document, and for each one a request that is valid as far
 * as the schemas can tell (built from them, with real ids where a name says what the id is of), so
 * that one bad value put into it reaches as deep as that value can go.
 */

export type JsonSchema = {
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  default?: unknown;
};

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  schema: JsonSchema;
}

export interface Operation {
  /** `POST /api/orders`, as a label. */
  key: string;
  method: string;
  /** The documented template, e.g. `/api/orders/{id}`. */
  path: string;
  parameters: Parameter[];
  body?: JsonSchema;
  isSecured: boolean;
}

/** Path of a value inside a request part: keys and array indexes. */
export type Location = Array<string | number>;

export interface Leaf {
  part: 'body' | 'query';
  location: Location;
  schema: JsonSchema;
}

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Parameter[];
        security?: unknown[];
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
      }
    >
  >;
}

export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        parameters: operation.parameters ?? [],
        body: operation.requestBody?.content?.['application/json']?.schema,
        isSecured: (operation.security ?? []).length > 0,
      });
    }
  }
  return operations.sort((a, b) => a.key.localeCompare(b.key));
}

/** Ids of real records, so a request can get past "not found" to the code behind it. */
export interface Fixtures {
  productId: string;
  categoryId: string;
  orderId: string;
  paymentId: string;
  addressId: string;
  notificationId: string;
  /** A client the admin's writes may change (disable, delete) without hurting the fuzzing client. */
  victimUserId: string;
  victimClientId: string;
  imageFile: string;
  /** What DELETE routes point at, so that the records the other requests use stay. */
  disposable: { productId: string; categoryId: string; addressId: string };
}

/** The real id a path parameter names, by its name and the operation it is in. */
export function realIdFor(operation: Operation, name: string, fixtures: Fixtures): string {
  const { path, method } = operation;
  const kept = method === 'DELETE' ? fixtures.disposable : fixtures;
  if (name === 'productId') return fixtures.productId;
  if (name === 'addressId') return kept.addressId;
  if (name === 'file') return fixtures.imageFile;
  const byArea: Array<[string, string]> = [
    ['/api/products', kept.productId],
    ['/api/categories', kept.categoryId],
    ['/api/orders', fixtures.orderId],
    ['/api/payments', fixtures.paymentId],
    ['/api/auth/users', fixtures.victimUserId],
    ['/api/clients', fixtures.victimClientId],
    ['/api/notifications', fixtures.notificationId],
  ];
  return byArea.find(([prefix]) => path.startsWith(prefix))?.[1] ?? fixtures.productId;
}

/** Values for fields whose name says more than their schema does. */
function namedValue(name: string | undefined, fixtures: Fixtures): unknown {
  const year = new Date().getUTCFullYear();
  const values: Record<string, unknown> = {
    productId: fixtures.productId,
    categoryId: fixtures.categoryId,
    orderId: fixtures.orderId,
    userId: fixtures.victimUserId,
    lastEventId: fixtures.notificationId,
    ids: fixtures.productId,
    email: `fuzz-${Math.random().toString(36).slice(2, 10)}@example.com`,
    password: 'a long enough passphrase',
    newPassword: 'another long passphrase',
    currentPassword: 'not the current passphrase',
    phone: '+212612345678',
    country: 'MA',
    postalCode: '30000',
    currency: 'MAD',
    number: '4242 4242 4242 4242',
    cvc: '123',
    expMonth: 12,
    expYear: year + 2,
    quantity: 1,
    stock: 100_000,
    page: 1,
    pageSize: 5,
    limit: 5,
  };
  return name === undefined ? undefined : values[name];
}

/** A value the schema accepts (as far as it can tell), for the field `name`. */
export function sampleOf(schema: JsonSchema, fixtures: Fixtures, name?: string): unknown {
  const named = namedValue(name, fixtures);
  if (named !== undefined) return named;
  if ('const' in schema) return schema.const;
  if (schema.enum) return schema.enum[0];
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches)
    return sampleOf(
      branches.find((branch) => branch.type !== 'null') ?? branches[0]!,
      fixtures,
      name,
    );
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([key, child]) => [
          key,
          sampleOf(child, fixtures, key),
        ]),
      );
    case 'array':
      return Array.from({ length: Math.max(schema.minItems ?? 1, 1) }, () =>
        sampleOf(schema.items ?? {}, fixtures),
      );
    case 'integer':
    case 'number':
      return Math.min(Math.max(schema.minimum ?? 1, 1), schema.maximum ?? Number.MAX_SAFE_INTEGER);
    case 'boolean':
      return true;
    case 'string':
      return sampleString(schema, fixtures);
    default:
      return null;
  }
}

function sampleString(schema: JsonSchema, fixtures: Fixtures): string {
  if (schema.format === 'uuid') return fixtures.productId;
  if (schema.format === 'date') return '2026-01-15';
  if (schema.format === 'date-time') return new Date().toISOString();
  const plain = 'fuzz'.padEnd(schema.minLength ?? 0, 'z').slice(0, schema.maxLength ?? 100);
  if (!schema.pattern) return plain;
  const pattern = new RegExp(schema.pattern);
  if (pattern.test(plain)) return plain;
  const [generated] = fc.sample(
    fc
      .stringMatching(pattern, { size: 'xsmall' })
      .filter((value) => value.length <= (schema.maxLength ?? 100)),
    { numRuns: 1, seed: 42 },
  );
  return generated ?? plain;
}

/** Every value inside a body or query schema (objects and arrays too), with where it sits. */
export function leavesOf(operation: Operation): Leaf[] {
  const leaves: Leaf[] = [];
  const walk = (schema: JsonSchema, location: Location): void => {
    const branch = (schema.anyOf ?? schema.oneOf)?.find(
      (child) => child.type !== 'null' && child.enum === undefined,
    );
    if (branch) return walk(branch, location);
    leaves.push({ part: 'body', location, schema });
    for (const [key, child] of Object.entries(schema.properties ?? {}))
      walk(child, [...location, key]);
    if (schema.type === 'array' && schema.items) walk(schema.items, [...location, 0]);
  };
  if (operation.body) walk(operation.body, []);
  for (const parameter of operation.parameters) {
    if (parameter.in === 'query')
      leaves.push({ part: 'query', location: [parameter.name], schema: parameter.schema });
  }
  return leaves;
}
