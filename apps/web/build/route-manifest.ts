import type { RouteObject } from 'react-router';
import { runnerImport, type Plugin } from 'vite';
import { routePatterns } from '../src/app/route-patterns.js';

interface RouterModule {
  routes: RouteObject[];
}

/**
 * Writes `routes.json` (`{"routes": ["/", "/products/:id", ...]}`) into the build, from the
 * router's own route tree: the gateway answers index.html with 200 for these URLs and with 404 for
 * any other, so the list can never drift from the app. The router module is run in Node through
 * Vite's module runner (it only builds route objects at load time, it renders nothing).
 */
export function routeManifest(): Plugin {
  let root = '';
  let patterns: Promise<string[]> | undefined;
  return {
    name: 'souk:route-manifest',
    apply: 'build',
    configResolved(config) {
      root = config.root;
    },
    buildStart() {
      // Loaded while Rolldown bundles, awaited when the files are written.
      patterns = loadPatterns(root);
      patterns.catch(() => undefined);
    },
    async generateBundle() {
      const routes = await patterns!;
      this.emitFile({
        type: 'asset',
        fileName: 'routes.json',
        source: `${JSON.stringify({ routes }, null, 2)}\n`,
      });
    },
  };
}

async function loadPatterns(root: string): Promise<string[]> {
  const router = await runnerImport<RouterModule>('/src/app/router.tsx', {
    root,
    configFile: false,
    logLevel: 'error',
  });
  return routePatterns(router.module.routes);
}
