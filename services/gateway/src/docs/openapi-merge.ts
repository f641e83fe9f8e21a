import { Type } from '@sinclair/typebox';
/** The parts of an OpenAPI 3.1 document the merge reads; everything else is carried as is. */
/** What the gateway reads of a service's `/openapi.json` before merging it (checked on arrival). */
export const OpenApiDocumentReply = Type.Object({
  openapi: Type.Optional(Type.String()),
  info: Type.Optional(Type.Object({})),
  paths: Type.Optional(Type.Record(Type.String(), Type.Record(Type.String(), Type.Unknown()))),
  components: Type.Optional(Type.Record(Type.String(), Type.Record(Type.String(), Type.Unknown()))),
  tags: Type.Optional(Type.Array(Type.Object({ name: Type.String() }))),
});

export interface OpenApiDocument {
  openapi?: string;
  info?: { title?: string; version?: string; description?: string };
  paths?: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  tags?: Array<{ name: string; [key: string]: unknown }>;
  [key: string]: unknown;
}

export interface ServiceDocument {
  service: string;
  document: OpenApiDocument;
}

/**
 * One document for the whole public API. Services already describe their public paths, so the
 * merge is a union of paths (operation by operation) and of components (name by name; the
 * schemas come from the shared contracts, so one name means one schema). The first source wins a
 * clash, which keeps the result stable whatever order the services answer in.
 */
export function mergeOpenApi(sources: ServiceDocument[], missing: string[]): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = {};
  const components: Record<string, Record<string, unknown>> = {};
  const tags = new Map<string, { name: string; [key: string]: unknown }>();

  for (const { document } of sources) {
    for (const [path, operations] of Object.entries(document.paths ?? {})) {
      const target = (paths[path] ??= {});
      for (const [method, operation] of Object.entries(operations))
        if (!(method in target)) target[method] = operation;
    }
    for (const [kind, entries] of Object.entries(document.components ?? {})) {
      const target = (components[kind] ??= {});
      for (const [name, value] of Object.entries(entries))
        if (!(name in target)) target[name] = value;
    }
    for (const tag of document.tags ?? []) if (!tags.has(tag.name)) tags.set(tag.name, tag);
  }

  const included = sources.map(({ service }) => service);
  const lines = [
    'Every public route of souk, served through the gateway. Send `Authorization: Bearer <accessToken>` (from `POST /api/auth/login`) on protected routes.',
    '',
    `Included services: ${included.length > 0 ? included.join(', ') : 'none'}.`,
  ];
  if (missing.length > 0)
    lines.push(
      `Not answering when this document was built (their routes are missing): ${missing.join(', ')}.`,
    );

  return {
    openapi: '3.1.0',
    info: { title: 'souk API', version: '1.0.0', description: lines.join('\n') },
    servers: [{ url: '/' }],
    paths: sortedByKey(paths),
    components,
    ...(tags.size > 0 ? { tags: [...tags.values()] } : {}),
  };
}

function sortedByKey<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
