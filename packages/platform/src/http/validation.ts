import { Ajv, type Options as AjvOptions } from 'ajv';
import addFormats from 'ajv-formats';
import { stringFormats } from '../formats.js';

const ajvBase: AjvOptions = {
  allErrors: true,
  removeAdditional: false,
  useDefaults: true,
  strict: false,
  // Errors carry their schema, so a failed pattern can be explained by the field's description.
  verbose: true,
};

/** An Ajv with ajv-formats, whose uuid, date, date-time and email are replaced by the platform's stricter ones. */
export function makeAjv(options: AjvOptions): Ajv {
  const ajv = new Ajv({ ...ajvBase, ...options });
  addFormats.default(ajv);
  for (const [name, validate] of Object.entries(stringFormats))
    ajv.addFormat(name, { type: 'string', validate });
  return ajv;
}

const INPUT_PARTS = ['body', 'querystring', 'params', 'headers'] as const;

type SchemaNode = Record<string, unknown>;

/**
 * Refuses to start a route whose input schemas would silently accept unknown keys, or a string,
 * number or array without an upper bound, at any depth: each bound is then part of the OpenAPI
 * document, and nothing too large for the database (an integer past bigint, a megabyte of text)
 * gets past validation.
 */
export function assertInputSchemas(method: string | string[], url: string, schema: unknown): void {
  if (!schema || typeof schema !== 'object') return;
  for (const part of INPUT_PARTS) {
    const child = (schema as SchemaNode)[part];
    const open = part === 'headers' ? undefined : findOpenObject(child, part);
    if (open)
      throw new Error(`${String(method)} ${url}: ${open} must set additionalProperties: false`);
    const unbounded = findUnbounded(child, part);
    if (unbounded) throw new Error(`${String(method)} ${url}: ${unbounded}`);
  }
}

function findOpenObject(schema: unknown, path: string): string | undefined {
  if (!schema || typeof schema !== 'object') return undefined;
  const node = schema as SchemaNode;
  if (node.type === 'object' && node.properties && node.additionalProperties !== false) return path;
  for (const [child, childPath] of children(node, path)) {
    const open = findOpenObject(child, childPath);
    if (open) return open;
  }
  return undefined;
}

function findUnbounded(schema: unknown, path: string): string | undefined {
  if (!schema || typeof schema !== 'object') return undefined;
  const node = schema as SchemaNode;
  const problem = missingBound(node);
  if (problem) return `${path} ${problem}`;
  for (const [child, childPath] of children(node, path)) {
    const unbounded = findUnbounded(child, childPath);
    if (unbounded) return unbounded;
  }
  return undefined;
}

function missingBound(node: SchemaNode): string | undefined {
  if ('const' in node || Array.isArray(node.enum)) return undefined;
  switch (node.type) {
    case 'string':
      return node.maxLength === undefined ? 'must set maxLength' : undefined;
    case 'integer':
    case 'number': {
      const hasMinimum = node.minimum !== undefined || node.exclusiveMinimum !== undefined;
      const hasMaximum = node.maximum !== undefined || node.exclusiveMaximum !== undefined;
      return hasMinimum && hasMaximum ? undefined : 'must set minimum and maximum';
    }
    case 'array':
      return node.maxItems === undefined ? 'must set maxItems' : undefined;
    default:
      return undefined;
  }
}

function children(node: SchemaNode, path: string): Array<[unknown, string]> {
  const found: Array<[unknown, string]> = Object.entries((node.properties as SchemaNode) ?? {}).map(
    ([key, child]) => [child, `${path}.${key}`],
  );
  for (const key of ['items', 'anyOf', 'oneOf', 'allOf'] as const) {
    const list = Array.isArray(node[key]) ? (node[key] as unknown[]) : node[key] ? [node[key]] : [];
    for (const child of list) found.push([child, key === 'items' ? `${path}[]` : path]);
  }
  return found;
}
