import { BODY_LIMIT_BYTES } from '@souk/contracts';
import { AppError, isAppError, validationFailed } from '@souk/platform';
import type { FastifyRequest } from 'fastify';

/** The file field of every upload. */
export const IMAGE_FIELD = 'image';

/**
 * @fastify/multipart's limits for every upload route: one file, and a few text fields no larger
 * than a JSON body (more parts than a route wants get a clear message below, not a bare limit).
 */
export function uploadLimits(maxImageBytes: number) {
  return {
    fileSize: maxImageBytes,
    files: 1,
    fields: 5,
    parts: 6,
    fieldSize: BODY_LIMIT_BYTES.product,
  };
}

export interface UploadForm {
  image: Uint8Array | undefined;
  /** The text fields the route asked for, by name: a string, or the parsed value of a JSON part. */
  fields: Record<string, unknown>;
}

export interface UploadFormOptions {
  maxImageBytes: number;
  /** Text fields the route expects besides the file, each at most once. */
  textFields: readonly string[];
  /** What the client should send, for the messages: `one file field named "image"`. */
  expected: string;
}

/**
 * Reads a multipart request made of at most one file field named "image" and the text fields the
 * route expects, refusing anything else (another text field, a second file, a file under another
 * name) and a file larger than the limit. Whether a part is missing is for the caller to say.
 */
export async function readUploadForm(
  request: FastifyRequest,
  options: UploadFormOptions,
): Promise<UploadForm> {
  const { expected } = options;
  if (!request.isMultipart())
    throw new AppError('unsupported_media_type', `Send multipart/form-data: ${expected}`);
  const form: UploadForm = { image: undefined, fields: {} };
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file' && part.fieldname === IMAGE_FIELD && form.image === undefined) {
        form.image = await part.toBuffer();
        continue;
      }
      if (part.type === 'file') {
        part.file.resume();
        throw validationFailed(
          part.fieldname !== IMAGE_FIELD
            ? `The file field must be named "${IMAGE_FIELD}", not "${part.fieldname}"`
            : `Send one file only, in a field named "${IMAGE_FIELD}"`,
        );
      }
      if (!options.textFields.includes(part.fieldname))
        throw validationFailed(`A text field "${part.fieldname}" was sent: send ${expected}`);
      if (part.fieldname in form.fields)
        throw validationFailed(`The field "${part.fieldname}" was sent twice: send ${expected}`);
      if (part.valueTruncated)
        throw new AppError('payload_too_large', `The field "${part.fieldname}" is too large`);
      form.fields[part.fieldname] = part.value;
    }
    return form;
  } catch (error) {
    throw uploadError(error, options);
  }
}

const LIMIT_MESSAGES: Record<string, string> = {
  FST_PARTS_LIMIT: 'Too many parts',
  FST_FILES_LIMIT: 'Too many files',
  FST_FIELDS_LIMIT: 'Too many fields',
};

/**
 * What went wrong with an upload, as the client's error: @fastify/multipart's limits carry a 413,
 * and busboy's parse errors (a truncated body, a boundary that is missing or not the declared
 * one, a malformed part header) carry no status at all and would otherwise be a 500.
 */
function uploadError(error: unknown, { maxImageBytes, expected }: UploadFormOptions): AppError {
  if (isAppError(error)) return error;
  const { code, statusCode, message } = error as {
    code?: string;
    statusCode?: number;
    message?: string;
  };
  if (code === 'FST_REQ_FILE_TOO_LARGE')
    return new AppError(
      'payload_too_large',
      `The image is larger than ${formatBytes(maxImageBytes)}`,
    );
  if (code !== undefined && LIMIT_MESSAGES[code])
    return new AppError('payload_too_large', `${LIMIT_MESSAGES[code]}: send ${expected}`);
  if (code === 'FST_INVALID_JSON_FIELD_ERROR')
    return validationFailed(`A field declared as JSON is not valid JSON: send ${expected}`);
  if (statusCode !== undefined && statusCode >= 500)
    return new AppError('internal', 'The upload could not be read', { cause: error });
  return validationFailed(
    `The multipart body is malformed (${message ?? 'unreadable'}): send ${expected}`,
  );
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}
