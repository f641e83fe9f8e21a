// The repository's import boundaries (the house style: "share plumbing and contracts, never
// domain code", "each package exposes one entry through package.json exports"):
// - a file under services/X never imports from services/Y; one exception: a test file (under
//   services/X/test/, or *.test.ts) may import `@souk/<y>-service`, the package's public entry
//   (its app.ts: buildApp and configSchema), to run service Y in-process as a peer, the way it
//   would run beside X. Never its other files, and never by a relative path;
// - a file under packages/ never imports from services/ or apps/;
// - nobody reaches into another workspace by a relative path, nor into a package's subpath
//   (`@souk/platform/src/...`, `@souk/platform/dist/...`): only `@souk/<name>` through its exports.
//
// A local rule rather than `no-restricted-imports` because the boundary depends on where the
// importing file and the imported file sit: `../../auth/src/app.js` is fine inside auth and
// forbidden from services/client, which gitignore-style patterns on the import string cannot tell
// apart. Nor eslint-plugin-import-x's no-restricted-paths: it needs a resolver and one zone per
// service, for what a path comparison does.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GROUPS = ['services', 'packages', 'apps'];

/** `@souk/platform` → `packages/platform`, `@souk/order-service` → `services/order`, ... */
const workspaceByName = new Map(
  GROUPS.flatMap((group) =>
    readdirSync(path.join(ROOT, group), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .flatMap((entry) => {
        try {
          const manifest = JSON.parse(
            readFileSync(path.join(ROOT, group, entry.name, 'package.json'), 'utf8'),
          );
          return [[manifest.name, { group, dir: `${group}/${entry.name}` }]];
        } catch {
          return [];
        }
      }),
  ),
);

/** The workspace a file belongs to: `services/order`, `packages/platform`, or a top folder (`e2e`). */
function workspaceOf(file) {
  const parts = path.relative(ROOT, file).split(path.sep);
  if (parts[0] === '..') return undefined;
  if (GROUPS.includes(parts[0]) && parts.length > 2)
    return { group: parts[0], dir: `${parts[0]}/${parts[1]}` };
  return { group: parts.length > 1 ? parts[0] : '.', dir: parts.length > 1 ? parts[0] : '.' };
}

/** A service's component and unit tests: `services/<svc>/test/**` and `*.test.ts`. */
function isTestFile(file) {
  const parts = path.relative(ROOT, file).split(path.sep);
  return parts[2] === 'test' || /\.test\.tsx?$/.test(file);
}

function crossingMessage(from, to) {
  if (from.group === 'services' && to.group === 'services')
    return `${from.dir} imports the code of another service (${to.dir}): services share only packages/ and talk through HTTP contracts or events.`;
  if (from.group === 'packages' && (to.group === 'services' || to.group === 'apps'))
    return `${from.dir} imports from ${to.dir}: packages never depend on services or apps.`;
  return undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
export const workspaceBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep imports inside the workspace boundaries of the monorepo.' },
    schema: [],
  },
  create(context) {
    const from = workspaceOf(context.filename);
    if (!from) return {};

    function check(node, specifier) {
      if (typeof specifier !== 'string') return;
      if (specifier.startsWith('./') || specifier.startsWith('../')) {
        const to = workspaceOf(path.resolve(path.dirname(context.filename), specifier));
        if (!to || to.dir === from.dir || !GROUPS.includes(to.group)) return;
        const message =
          crossingMessage(from, to) ??
          `A relative import reaches into ${to.dir}: import the package by its name, through its exports.`;
        context.report({ node, message });
        return;
      }
      const [scope, name, ...subpath] = specifier.split('/');
      if (!scope?.startsWith('@') || !name) return;
      const to = workspaceByName.get(`${scope}/${name}`);
      if (!to) return;
      if (subpath.length > 0) {
        context.report({
          node,
          message: `A deep import into ${scope}/${name}: import '${scope}/${name}' itself, through its exports.`,
        });
        return;
      }
      if (to.dir === from.dir) return;
      if (from.group === 'services' && to.group === 'services' && isTestFile(context.filename))
        return;
      const message = crossingMessage(from, to);
      if (message) context.report({ node, message });
    }

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) =>
        node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};
