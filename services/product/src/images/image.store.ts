import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { packageRoot } from '@souk/platform';
import {
  classifyImageFile,
  contentTypeOf,
  isUploadedFile,
  type ImageFileKind,
  type ImageType,
} from './image-files.js';

/** The demo illustrations shipped with the service (services/product/assets/demo). */
export const DEMO_ASSETS_DIR = path.join(packageRoot(import.meta.url), 'assets', 'demo');

export interface StoredImage {
  kind: ImageFileKind;
  contentType: string;
  size: number;
  stream: Readable;
}

export interface ImageStore {
  /** Writes an upload under a fresh random name and returns that name. */
  save(bytes: Uint8Array, type: ImageType): Promise<string>;
  /** Removes an upload; demo illustrations and missing files are left alone. */
  remove(file: string): Promise<void>;
  open(file: string): Promise<StoredImage | undefined>;
}

export async function createImageStore(options: {
  uploadDir: string;
  demoDir?: string;
}): Promise<ImageStore> {
  const uploadDir = path.resolve(options.uploadDir);
  const demoDir = options.demoDir ?? DEMO_ASSETS_DIR;
  await mkdir(uploadDir, { recursive: true });

  return {
    async save(bytes, type) {
      const file = `${randomBytes(16).toString('hex')}.${type.extension}`;
      await writeFile(path.join(uploadDir, file), bytes, { flag: 'wx' });
      return file;
    },
    async remove(file) {
      if (!isUploadedFile(file)) return;
      await unlink(path.join(uploadDir, file)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    },
    async open(file) {
      // Only names matching the strict patterns are ever joined to a folder: no traversal.
      const kind = classifyImageFile(file);
      if (!kind) return undefined;
      const fullPath = path.join(kind === 'upload' ? uploadDir : demoDir, file);
      const info = await stat(fullPath).catch(() => undefined);
      if (!info?.isFile()) return undefined;
      return {
        kind,
        contentType: contentTypeOf(file),
        size: info.size,
        stream: createReadStream(fullPath),
      };
    },
  };
}
