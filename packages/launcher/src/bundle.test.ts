import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleEntry, bundleService } from './bundle.js';

describe('service bundles', () => {
  let root: string;
  let service: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'souk-bundle-'));
    service = path.join(root, 'services', 'echo');
    await mkdir(path.join(service, 'dist', 'lib'), { recursive: true });
    await writeFile(path.join(service, 'dist', 'lib', 'word.js'), "export const word = 'souk';\n");
    await writeFile(
      path.join(service, 'dist', 'main.js'),
      "import { word } from './lib/word.js';\nconsole.log(word);\n",
    );
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('bundles a service into one runnable file, and again only when its compiled code changed', async () => {
    expect(await bundleService(root, service)).toBe(true);
    expect(
      execFileSync(process.execPath, [bundleEntry(service)], { encoding: 'utf8' }).trim(),
    ).toBe('souk');
    expect(await bundleService(root, service)).toBe(false);

    await writeFile(
      path.join(service, 'dist', 'lib', 'word.js'),
      "export const word = 'medina';\n",
    );
    const later = new Date(Date.now() + 5_000);
    await utimes(path.join(service, 'dist', 'lib', 'word.js'), later, later);
    expect(await bundleService(root, service)).toBe(true);
    expect(
      execFileSync(process.execPath, [bundleEntry(service)], { encoding: 'utf8' }).trim(),
    ).toBe('medina');
  });
});
