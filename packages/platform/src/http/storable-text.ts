/// <reference lib="es2024.string" />
// isWellFormed/toWellFormed: in Node 20, outside the ES2023 library the project compiles against.
import type { FastifyRequest } from 'fastify';
import { validationFailed } from '../errors.js';

/**
 * PostgreSQL stores neither a NUL character (text and jsonb refuse U+0000) nor a lone UTF-16
 * surrogate (it has no UTF-8 encoding; JSON can spell one as "\ud800"). Either one in a request
 * used to reach the database and come back as a 500; every route refuses them up front instead.
 */

const MESSAGE = 'must not contain a NUL character or a lone surrogate';
/** Enough to show what is wrong without echoing a whole hostile body back. */
const MAX_REPORTED = 20;

export interface TextIssue {
  path: string;
  message: string;
}

export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && value.isWellFormed();
}

/**
 * Every string (and object key) in a parsed JSON value, query or params object that PostgreSQL
 * could not store, by path (`body.items.0.name`). Walks with its own stack, not recursion, so a
 * body of 50,000 nested arrays cannot overflow the call stack; only plain objects and arrays are
 * entered (the gateway's bodies are streams, left alone).
 */
export function findUnstorableText(value: unknown, root: string): TextIssue[] {
  const issues: TextIssue[] = [];
  const stack: Array<[unknown, string]> = [[value, root]];
  while (stack.length > 0 && issues.length < MAX_REPORTED) {
    const [current, path] = stack.pop()!;
    if (typeof current === 'string') {
      if (!isStorableText(current)) issues.push({ path, message: MESSAGE });
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--)
        stack.push([current[index], `${path}.${index}`]);
    } else if (isPlainObject(current)) {
      const entries = Object.entries(current);
      for (let index = entries.length - 1; index >= 0; index--) {
        const [key, child] = entries[index]!;
        if (!isStorableText(key))
          issues.push({ path: `${path}.${printable(key)}`, message: `(a key) ${MESSAGE}` });
        else stack.push([child, `${path}.${key}`]);
      }
    }
  }
  return issues.slice(0, MAX_REPORTED);
}

/** A preValidation hook: a 400 problem naming each field that holds text PostgreSQL cannot store. */
export async function refuseUnstorableText(request: FastifyRequest): Promise<void> {
  const issues = [
    ...findUnstorableText(request.params, 'params'),
    ...findUnstorableText(request.query, 'querystring'),
    ...findUnstorableText(request.body, 'body'),
  ];
  if (issues.length === 0) return;
  throw validationFailed(
    `Invalid request: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}`,
    issues,
  );
}

/** JSON objects, and the null-prototype dictionaries the query string and router parsers make. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

/** A key as it can be shown in a path: the offending characters become U+FFFD. */
function printable(key: string): string {
  return key.replaceAll('\u0000', '\ufffd').toWellFormed();
}
