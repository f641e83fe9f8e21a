import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Each service runs from one bundled file (`dist/bundle/main.mjs`, made with esbuild from the
 * compiled `dist/main.js`): loading one file instead of hundreds of modules cuts a service's
 * start from about 1 s to 0.4 s of CPU, which is most of the start-up time of the whole system on
 * two cores. Packages that load files from their own folder at run time stay outside the bundle.
 */
export const BUNDLE_ENTRY = path.join('dist', 'bundle', 'main.mjs');

const EXTERNAL = [
  '@node-rs/argon2',
  'pino',
  'pino-pretty',
  'thread-stream',
  '@fastify/swagger-ui',
  'pg-native',
];
/** Shared packages whose compiled code goes into every bundle. */
const SHARED = ['packages/platform/dist', 'packages/contracts/dist'];

export function bundleEntry(serviceDir: string): string {
  return path.join(serviceDir, BUNDLE_ENTRY);
}

/** Bundles one service when its bundle is missing or older than the compiled code it comes from. */
export async function bundleService(
  rootDir: string,
  serviceDir: string,
  options: { force?: boolean } = {},
): Promise<boolean> {
  const outfile = bundleEntry(serviceDir);
  const built = await newestFile(
    [path.join(serviceDir, 'dist'), ...SHARED.map((folder) => path.join(rootDir, folder))],
    outfile,
  );
  const bundled = await stat(outfile).then(
    (info) => info.mtimeMs,
    () => 0,
  );
  if (!options.force && bundled >= built) return false;
  const { build } = await import('esbuild');
  await build({
    entryPoints: [path.join(serviceDir, 'dist', 'main.js')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    external: EXTERNAL,
    logLevel: 'warning',
    // Bundled CommonJS packages call require(); give the ES module bundle one.
    banner: {
      js: "import { createRequire as __soukCreateRequire } from 'node:module'; const require = __soukCreateRequire(import.meta.url);",
    },
  });
  return true;
}

async function newestFile(folders: string[], except: string): Promise<number> {
  let newest = 0;
  for (const folder of folders) {
    const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
      const file = path.join(entry.parentPath, entry.name);
      if (file.startsWith(path.dirname(except))) continue;
      newest = Math.max(newest, (await stat(file)).mtimeMs);
    }
  }
  return newest;
}

/** `node packages/launcher/dist/bundle.js`: bundles every built service (part of `npm run build`). */
async function bundleAll(): Promise<void> {
  const rootDir = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)));
  // Folders only: services/tsconfig.json is the tests' type-checking project, not a service.
  const services = (await readdir(path.join(rootDir, 'services'), { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  const started = performance.now();
  await Promise.all(
    services.map(async (name) => {
      const serviceDir = path.join(rootDir, 'services', name);
      const exists = await stat(path.join(serviceDir, 'dist', 'main.js')).then(
        () => true,
        () => false,
      );
      if (exists) await bundleService(rootDir, serviceDir, { force: true });
    }),
  );
  console.log(
    `bundled ${services.length} services in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await bundleAll();
}
