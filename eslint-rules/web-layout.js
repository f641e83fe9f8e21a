// The web app's floors (STYLE.md, "Inside the web app"): `app/` composes; feature folders (`shop/`,
// `cart/`, `checkout/`, `orders/`, `account/`, and each `admin/<area>/`) sit under it; shared
// domain folders (`address/`, `order/`, `product/`, `cart-store/`) and the plumbing (`api/`,
// `auth/`, `live/`, `i18n/`, `ui/`, `lib/`, and the admin's own `admin/api/`, `admin/ui/`, `admin/i18n/`) sit
// underneath. This rule keeps two things true:
// - a feature never imports another feature: what both need moves down into a shared folder;
// - nothing under the features imports a feature or `app/` (imports only go down).
// Test harnesses (`test/` folders) render whole screens and are left out, and a test may wrap what
// it tests in app/'s providers.
//
// A local rule for the same reason as workspace-boundaries.js: whether `../orders/x.js` crosses a
// boundary depends on where the importing file sits (inside `admin/` it is another admin area).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../apps/web/src');
const FEATURES = new Set(['shop', 'cart', 'checkout', 'orders', 'account']);
/** Folders of `admin/` that are not areas: the admin's own shared floor. */
const ADMIN_SHARED = new Set(['api', 'ui', 'i18n', 'test']);

/**
 * Where a file sits: `{ floor: 'app' }`, `{ floor: 'feature', name: 'shop' | 'admin/orders' }`,
 * `{ floor: 'test' }`, or `{ floor: 'shared' }` for everything underneath. `main.tsx` and the admin
 * frame's own files count as app/.
 */
function placeOf(file) {
  const parts = path.relative(SRC, file).split(path.sep);
  if (parts[0] === '..' || parts.length === 1)
    return parts[0] === '..' ? undefined : { floor: 'app' };
  const [top, second] = parts;
  if (top === 'app') return { floor: 'app' };
  if (top === 'test') return { floor: 'test' };
  if (FEATURES.has(top)) return { floor: 'feature', name: top };
  // The admin frame (admin-app.tsx, admin-routes.tsx...) composes the admin areas, as app/ does.
  if (top === 'admin' && parts.length === 2) return { floor: 'app' };
  if (top === 'admin') {
    if (second === 'test') return { floor: 'test' };
    if (!ADMIN_SHARED.has(second)) return { floor: 'feature', name: `admin/${second}` };
  }
  return { floor: 'shared' };
}

/** @type {import('eslint').Rule.RuleModule} */
export const webLayout = {
  meta: {
    type: 'problem',
    docs: { description: 'Features of the web app never import each other; imports only go down.' },
    schema: [],
  },
  create(context) {
    const from = placeOf(context.filename);
    const isTest = /\.test\.tsx?$/.test(context.filename);
    if (!from || from.floor === 'app' || from.floor === 'test') return {};

    function check(node, specifier) {
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const to = placeOf(path.resolve(path.dirname(context.filename), specifier));
      if (!to) return;
      if (to.floor === 'app' && !isTest)
        context.report({
          node,
          message: `${specifier}: app/ composes the app; nothing underneath imports from it.`,
        });
      else if (to.floor === 'feature' && from.floor === 'feature' && to.name !== from.name)
        context.report({
          node,
          message: `The ${from.name} feature imports the ${to.name} feature (${specifier}): features never import each other; move what both need into a shared folder.`,
        });
      else if (to.floor === 'feature' && from.floor === 'shared')
        context.report({
          node,
          message: `A shared folder imports the ${to.name} feature (${specifier}): imports only go down.`,
        });
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
