import { describe, expect, it } from 'vitest';
import { classifyImageFile, contentTypeOf, detectImageType } from './image-files.js';

const bytes = (...parts: Array<number[] | string>) =>
  Uint8Array.from(
    parts.flatMap((part) =>
      typeof part === 'string' ? [...part].map((c) => c.charCodeAt(0)) : part,
    ),
  );

describe('detectImageType', () => {
  it('when the bytes start with a JPEG, PNG, GIF or WebP signature, then that type is detected', () => {
    expect(detectImageType(bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))?.extension).toBe('jpg');
    expect(detectImageType(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))?.contentType).toBe(
      'image/png',
    );
    expect(detectImageType(bytes('GIF89a', [1, 0]))?.extension).toBe('gif');
    expect(detectImageType(bytes('GIF87a'))?.extension).toBe('gif');
    expect(detectImageType(bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '))?.extension).toBe('webp');
  });

  it('when the bytes are text, SVG, another RIFF format or too short, then no type is detected', () => {
    expect(detectImageType(bytes('hello, I am a .png'))).toBeUndefined();
    expect(detectImageType(bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
    expect(detectImageType(bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt '))).toBeUndefined();
    expect(detectImageType(bytes([0x89], 'PN'))).toBeUndefined();
    expect(detectImageType(new Uint8Array())).toBeUndefined();
  });
});

describe('classifyImageFile', () => {
  it('when the name is a random upload name or a demo illustration, then it is recognised', () => {
    expect(classifyImageFile('0123456789abcdef0123456789abcdef.png')).toBe('upload');
    expect(classifyImageFile('demo-argan-oil.svg')).toBe('demo');
  });

  it('when the name tries to leave the folder or does not follow the pattern, then it is refused', () => {
    for (const name of [
      '../0123456789abcdef0123456789abcdef.png',
      '..%2Fetc%2Fpasswd',
      '../../etc/passwd',
      'demo-../../secret.svg',
      '0123456789abcdef0123456789abcdef.svg',
      '0123456789ABCDEF0123456789ABCDEF.png',
      'demo-argan-oil.svg\0.png',
      'demo-.svg',
      '.env',
    ]) {
      expect(classifyImageFile(name), name).toBeUndefined();
    }
  });

  it('when a content type is asked for, then it follows the extension', () => {
    expect(contentTypeOf('demo-tajine.svg')).toBe('image/svg+xml');
    expect(contentTypeOf('0123456789abcdef0123456789abcdef.webp')).toBe('image/webp');
  });
});
