/** Public path of an image: the gateway routes /api/images to this service. */
export const IMAGE_PATH_PREFIX = '/api/images/';

export function imageUrl(file: string): string {
  return `${IMAGE_PATH_PREFIX}${file}`;
}

export interface ImageType {
  extension: 'jpg' | 'png' | 'webp' | 'gif';
  contentType: string;
}

/** Random upload names: 32 hex digits and the extension of the detected type. */
const UPLOAD_FILE = /^[0-9a-f]{32}\.(?:jpg|png|webp|gif)$/;
/** Illustrations shipped with the demo catalog (services/product/assets/demo). */
const DEMO_FILE = /^demo-[a-z0-9]+(?:-[a-z0-9]+)*\.svg$/;

const CONTENT_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  svg: 'image/svg+xml',
};

export type ImageFileKind = 'upload' | 'demo';

/** Which store a requested file name belongs to; anything else (paths, dots, odd names) is none. */
export function classifyImageFile(file: string): ImageFileKind | undefined {
  if (UPLOAD_FILE.test(file)) return 'upload';
  if (DEMO_FILE.test(file)) return 'demo';
  return undefined;
}

export function isUploadedFile(file: string): boolean {
  return UPLOAD_FILE.test(file);
}

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[file.slice(file.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
}

/**
 * The image type from the file's first bytes (its signature), whatever name or Content-Type the
 * client sent. Only these four raster formats are accepted: never SVG, which can carry scripts.
 */
export function detectImageType(bytes: Uint8Array): ImageType | undefined {
  const startsWith = (signature: number[], offset = 0) =>
    bytes.length >= offset + signature.length &&
    signature.every((byte, index) => bytes[offset + index] === byte);
  const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

  if (startsWith([0xff, 0xd8, 0xff])) return { extension: 'jpg', contentType: 'image/jpeg' };
  if (startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return { extension: 'png', contentType: 'image/png' };
  if (startsWith(ascii('GIF87a')) || startsWith(ascii('GIF89a')))
    return { extension: 'gif', contentType: 'image/gif' };
  if (startsWith(ascii('RIFF')) && startsWith(ascii('WEBP'), 8))
    return { extension: 'webp', contentType: 'image/webp' };
  return undefined;
}
