import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { Raw, type BodyProbe } from './inputs.js';
import { realIdFor, sampleOf, type Fixtures, type Location, type Operation } from './openapi.js';

/** Builds requests for an operation from its schemas, with changes put in, and sends them raw. */

export type Principal = 'anonymous' | 'client' | 'admin';

export interface Change {
  /** A value put at a place in the body or the query (undefined there: the key is removed). */
  value?: { part: 'body' | 'query'; location: Location; value: unknown };
  /** A path parameter, already percent-encoded. */
  pathSegment?: { name: string; encoded: string };
  /** The whole body and its content type. */
  body?: BodyProbe;
  /** Raw text added to the query string. */
  rawQuery?: string;
}

export interface FuzzRequest {
  label: string;
  as: Principal;
  method: string;
  target: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

export interface Answer {
  status: number;
  contentType: string;
  text: string;
}

export function buildRequest(
  operation: Operation,
  fixtures: Fixtures,
  as: Principal,
  tokens: Record<Principal, string | undefined>,
  changes: Change[],
  label: string,
): FuzzRequest {
  const body = operation.body ? sampleOf(operation.body, fixtures) : undefined;
  const query: Record<string, unknown> = {};
  const segments: Record<string, string> = {};
  for (const parameter of operation.parameters) {
    if (parameter.in === 'path')
      segments[parameter.name] = realIdFor(operation, parameter.name, fixtures);
  }
  let wholeBody: BodyProbe | undefined;
  let rawQuery = '';
  const holder = { body, query };
  for (const change of changes) {
    if (change.value)
      setAt(holder, [change.value.part, ...change.value.location], copied(change.value.value));
    if (change.pathSegment) segments[change.pathSegment.name] = change.pathSegment.encoded;
    if (change.body) wholeBody = change.body;
    if (change.rawQuery) rawQuery += `&${change.rawQuery}`;
  }
  const path = operation.path.replace(/\{(\w+)\}/g, (_match, name: string) => segments[name] ?? '');
  const search = `${queryString(holder.query)}${rawQuery}`.replace(/^&/, '');
  const headers: Record<string, string> = {
    accept: 'application/json',
    'idempotency-key': randomUUID(),
  };
  const token = tokens[as];
  if (token) headers.authorization = `Bearer ${token}`;
  let payload: string | Buffer | undefined;
  if (wholeBody) {
    payload = wholeBody.body;
    if (wholeBody.contentType !== null) headers['content-type'] = wholeBody.contentType;
  } else if (holder.body !== undefined) {
    payload = jsonText(holder.body);
    headers['content-type'] = 'application/json';
  }
  // Framed by its length whatever the method: Node's client sends a GET's body unframed otherwise.
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
  return {
    label,
    as,
    method: operation.method,
    target: search ? `${path}?${search}` : path,
    headers,
    body: payload,
  };
}

/** The valid body of an operation as JSON text (for whole-body probes that start from it). */
export function validBodyText(operation: Operation, fixtures: Fixtures): string {
  return operation.body ? jsonText(sampleOf(operation.body, fixtures)) : '{}';
}

/**
 * A fresh copy of a change's value (Raw values kept as they are). fast-check hands the same
 * object to several changes of one request: put in place twice, one of them inside the other, it
 * made a circular body that JSON could not write.
 */
function copied(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Raw) return value;
  if (Array.isArray(value)) return value.map(copied);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copied(item)]));
}

function setAt(root: Record<string, unknown>, location: Location, value: unknown): void {
  let node: any = root;
  for (const key of location.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== 'object')
      node[key] = typeof key === 'number' ? [] : {};
    node = node[key];
  }
  const last = location[location.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
}

/** JSON with Raw values spliced in as they are. */
export function jsonText(value: unknown): string {
  const raws: string[] = [];
  const marker = (index: number) => `@@raw-${index}@@`;
  const text = JSON.stringify(value, (_key, item: unknown) =>
    item instanceof Raw ? marker(raws.push(item.text) - 1) : item,
  );
  return raws.reduce(
    (result, raw, index) => result.replace(`"${marker(index)}"`, raw),
    text ?? 'null',
  );
}

/** A query string the way a hostile client may spell it: repeated keys for arrays, brackets for objects. */
function queryString(query: Record<string, unknown>): string {
  const pairs: string[] = [];
  const add = (key: string, value: unknown) => {
    if (value === undefined) return;
    if (Array.isArray(value)) for (const item of value) add(key, item);
    else if (value instanceof Raw) pairs.push(`${percentEncode(key)}=${percentEncode(value.text)}`);
    else if (value !== null && typeof value === 'object')
      for (const [sub, item] of Object.entries(value)) add(`${key}[${sub}]`, item);
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- arrays and objects are expanded above: what is left is a primitive
    else pairs.push(`${percentEncode(key)}=${percentEncode(String(value))}`);
  };
  for (const [key, value] of Object.entries(query)) add(key, value);
  return pairs.join('&');
}

/** Percent-encodes UTF-8, and a lone surrogate the way a careless encoder does (its 3 CESU-8 bytes). */
export function percentEncode(value: string): string {
  let encoded = '';
  for (let index = 0; index < value.length; index++) {
    const unit = value.charCodeAt(index);
    const next = value.charCodeAt(index + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      encoded += encodeURIComponent(value.slice(index, index + 2));
      index++;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      encoded += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    } else {
      encoded += encodeURIComponent(value[index]!);
    }
  }
  return encoded;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

/** Sends a request byte for byte (no URL normalisation); a live stream is closed once its head arrives. */
export function send(base: URL, request: FuzzRequest, timeoutMs = 15_000): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        host: base.hostname,
        port: base.port,
        method: request.method,
        path: request.target,
        headers: request.headers,
        agent,
      },
      (response) => {
        const contentType = String(response.headers['content-type'] ?? '');
        if (contentType.startsWith('text/event-stream')) {
          response.destroy();
          return resolve({ status: response.statusCode ?? 0, contentType, text: '' });
        }
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            contentType,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.setTimeout(timeoutMs, () =>
      outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)),
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

export function closeConnections(): void {
  agent.destroy();
}

const PROBLEM_MEMBERS = ['type', 'title', 'status', 'detail', 'instance', 'code'] as const;

/** What is wrong with an answer, or undefined: no 5xx, and every 4xx a complete problem+json. */
export function faultOf(answer: Answer): string | undefined {
  if (answer.status >= 500) return `answered ${answer.status}`;
  if (answer.status < 400) return undefined;
  if (!answer.contentType.startsWith('application/problem+json'))
    return `answered ${answer.status} as ${answer.contentType || 'no content type'}`;
  let problem: Record<string, unknown>;
  try {
    problem = JSON.parse(answer.text) as Record<string, unknown>;
  } catch {
    return `answered ${answer.status} with a problem that is not JSON`;
  }
  const missing = PROBLEM_MEMBERS.filter((member) => problem[member] === undefined);
  if (missing.length > 0)
    return `answered ${answer.status} with a problem missing ${missing.join(', ')}`;
  if (problem.status !== answer.status)
    return `answered ${answer.status} with a problem saying ${String(problem.status)}`;
  return undefined;
}

export function describe(request: FuzzRequest, answer?: Answer, fault?: string): string {
  const body =
    request.body === undefined ? '' : ` body=${JSON.stringify(String(request.body).slice(0, 200))}`;
  const reply = answer ? ` -> ${answer.status} ${answer.text.slice(0, 300)}` : '';
  return `[${request.as}] ${request.method} ${request.target.slice(0, 300)} (${request.label})${body}${fault ? `: ${fault}` : ''}${reply}`;
}
