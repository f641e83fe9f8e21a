import type { Fixtures, JsonSchema } from './openapi.js';

/**
 * Bad inputs, by what a schema expects. Values stay small enough to reach the service; one body
 * probe is over every JSON route's limit (auth takes 16 KiB, the others 100 KiB) but under the
 * image upload's: the gateway must refuse it itself, with a 413 problem.
 */

/** JSON text put into a body as it is: what JSON.stringify cannot write (1e400, -0, __proto__). */
export class Raw {
  constructor(readonly text: string) {}
}

export interface BadValue {
  label: string;
  value: unknown;
}

const HUGE = 10_000;
const DEEP = 5_000;

export const deepArrays = new Raw(`${'['.repeat(DEEP)}${']'.repeat(DEEP)}`);

const anyKind: BadValue[] = [
  { label: 'null', value: null },
  { label: 'true', value: true },
  { label: 'a number', value: 12345 },
  { label: 'an empty array', value: [] },
  { label: 'an object', value: { nested: 'x' } },
];

const text: BadValue[] = [
  { label: 'a NUL', value: 'a\u0000b' },
  { label: 'only NUL', value: '\u0000' },
  { label: 'a lone high surrogate', value: '\ud800' },
  { label: 'a lone low surrogate', value: 'x\udfffy' },
  { label: 'a huge string', value: 'x'.repeat(HUGE) },
  { label: 'huge emoji text', value: '😀'.repeat(HUGE / 4) },
  { label: 'an empty string', value: '' },
  { label: 'blanks', value: ' \t ' },
  { label: 'markup and quotes', value: `<script>'"\\%_*:&|!()` },
];

function oddIds(fixtures: Fixtures): BadValue[] {
  const id = fixtures.productId;
  return [
    { label: 'a urn:uuid', value: `urn:uuid:${id}` },
    { label: 'a braced uuid', value: `{${id}}` },
    { label: 'an uppercase uuid', value: id.toUpperCase() },
    { label: 'a uuid too long', value: `${id}0` },
    { label: 'a uuid without dashes', value: id.replace(/-/g, '') },
    { label: 'the nil uuid', value: '00000000-0000-0000-0000-000000000000' },
    { label: 'a long id', value: 'a'.repeat(300) },
  ];
}

const oddDates: BadValue[] = [
  { label: 'a leap second', value: '2016-12-31T23:59:60Z' },
  { label: 'a +05 offset', value: '2026-03-01T10:00:00+05' },
  { label: 'a +0500 offset', value: '2026-03-01T10:00:00+0500' },
  { label: 'year 0', value: '0000-01-01T00:00:00Z' },
  { label: 'year 99999', value: '99999-01-01T00:00:00Z' },
  { label: '29 February 2023', value: '2023-02-29' },
  { label: 'month 13', value: '2026-13-01' },
  { label: 'no offset', value: '2026-03-01T10:00:00' },
  { label: 'a date-only year 0', value: '0000-01-01' },
];

function oddNumbers(schema: JsonSchema): BadValue[] {
  return [
    { label: '1e400', value: new Raw('1e400') },
    { label: '-1e400', value: new Raw('-1e400') },
    { label: '-0', value: new Raw('-0') },
    { label: '2^63', value: new Raw('9223372036854775808') },
    { label: '-2^63-1', value: new Raw('-9223372036854775809') },
    { label: '2^53+1', value: new Raw('9007199254740993') },
    { label: '1e21', value: 1e21 },
    { label: 'a fraction', value: 0.5 },
    { label: '-1', value: -1 },
    { label: 'maximum + 1', value: (schema.maximum ?? 2 ** 31) + 1 },
    { label: 'minimum - 1', value: (schema.minimum ?? 0) - 1 },
    { label: 'a numeric string', value: '1' },
  ];
}

/** The bad values worth trying in a place that expects `schema`. */
export function badValuesFor(schema: JsonSchema, fixtures: Fixtures): BadValue[] {
  const values = [...anyKind];
  switch (schema.type) {
    case 'string':
      values.push(...text);
      if (schema.format === 'uuid') values.push(...oddIds(fixtures));
      if (schema.format === 'date' || schema.format === 'date-time') values.push(...oddDates);
      break;
    case 'integer':
    case 'number':
      values.push(...oddNumbers(schema));
      break;
    case 'boolean':
      values.push({ label: 'the string true', value: 'true' }, { label: '1', value: 1 });
      break;
    case 'array':
      values.push(
        {
          label: 'too many items',
          value: Array.from({ length: (schema.maxItems ?? 100) + 1 }, () => 'x'),
        },
        { label: 'deep arrays', value: deepArrays },
        { label: 'a NUL item', value: ['\u0000'] },
      );
      break;
    case 'object':
      values.push(
        { label: 'an unknown key', value: { isAdmin: true } },
        { label: 'a __proto__ key', value: new Raw('{"__proto__":{"isAdmin":true}}') },
        { label: 'a constructor key', value: { constructor: { prototype: { isAdmin: true } } } },
        { label: 'a NUL key', value: { '\u0000': 'x' } },
      );
      break;
    default:
      values.push(...text.slice(0, 3));
  }
  return values;
}

/** Path parameter spellings, percent-encoded as they go on the wire. */
export function oddPathSegments(realId: string): BadValue[] {
  return [
    { label: 'a urn:uuid', value: `urn:uuid:${realId}` },
    { label: 'a braced id', value: `%7B${realId}%7D` },
    { label: 'an uppercase id', value: realId.toUpperCase() },
    { label: 'an id too long', value: `${realId}0` },
    { label: 'a segment past maxParamLength', value: 'a'.repeat(300) },
    { label: 'a NUL', value: `${realId}%00` },
    { label: 'a lone surrogate (CESU-8)', value: '%ED%A0%80' },
    { label: 'a malformed percent-encoding', value: '%E0%A4%A' },
    { label: 'a lone %', value: '%' },
    { label: 'a dot segment', value: '..' },
    { label: 'an encoded dot segment', value: '%2e%2e' },
    { label: 'an encoded slash', value: `a%2F..%2F${realId}` },
    { label: 'spaces and quotes', value: `%20'%22%3B--` },
  ];
}

export interface BodyProbe {
  label: string;
  /** null: no Content-Type header at all. */
  contentType: string | null;
  body: string | Buffer;
}

const BOUNDARY = 'fuzzboundary';
const multipart = (content: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n${content}\r\n--${BOUNDARY}--\r\n`;

/** Whole bodies that are wrong as a whole: the type, the encoding, the syntax, the shape. */
/**
 * Over every JSON route's limit (made once, sent many times). Far bigger bodies are refused as
 * soon as their declared length is read, and the connection closes while the client still writes
 * (it sees a reset, not the 413): the gateway's own tests cover those.
 */
const OVER_JSON_LIMITS = JSON.stringify({ padding: 'x'.repeat(200 * 1024) });

export function bodyProbes(validJson: string): BodyProbe[] {
  const json = 'application/json';
  return [
    {
      label: 'form-encoded',
      contentType: 'application/x-www-form-urlencoded',
      body: 'name=x&price=1',
    },
    {
      label: 'multipart on a JSON route',
      contentType: `multipart/form-data; boundary=${BOUNDARY}`,
      body: multipart('\x89PNG\r\n\x1a\n'),
    },
    {
      label: 'truncated multipart',
      contentType: `multipart/form-data; boundary=${BOUNDARY}`,
      body: multipart('x').slice(0, 60),
    },
    {
      label: 'multipart with another boundary',
      contentType: 'multipart/form-data; boundary=other',
      body: multipart('x'),
    },
    {
      label: 'multipart without a boundary',
      contentType: 'multipart/form-data',
      body: multipart('x'),
    },
    {
      label: 'JSON declared latin1',
      contentType: 'application/json; charset=latin1',
      body: validJson,
    },
    { label: 'JSON without a content type', contentType: null, body: validJson },
    { label: 'text/plain', contentType: 'text/plain', body: validJson },
    { label: 'an XML body', contentType: 'application/xml', body: '<a>1</a>' },
    { label: 'an empty JSON body', contentType: json, body: '' },
    { label: 'JSON null', contentType: json, body: 'null' },
    { label: 'a JSON array', contentType: json, body: '[]' },
    { label: 'a JSON string', contentType: json, body: '"x"' },
    {
      label: 'broken JSON',
      contentType: json,
      body: validJson.slice(0, Math.max(1, validJson.length - 2)),
    },
    { label: '5,000 nested arrays', contentType: json, body: deepArrays.text },
    {
      label: 'a __proto__ key',
      contentType: json,
      body: `{"__proto__":{"isAdmin":true},${validJson.slice(1)}`,
    },
    {
      label: 'invalid UTF-8 bytes',
      contentType: json,
      body: Buffer.concat([
        Buffer.from('{"x":"'),
        Buffer.from([0xed, 0xa0, 0x80, 0xff]),
        Buffer.from('"}'),
      ]),
    },
    { label: 'a UTF-8 BOM', contentType: json, body: `\ufeff${validJson}` },
    { label: 'a 200 KiB JSON body', contentType: json, body: OVER_JSON_LIMITS },
  ];
}
