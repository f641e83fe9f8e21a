import type { ApplicationService } from './services.js';

/**
 * Request body limits, in bytes. Each service's server refuses a larger body, and the gateway
 * refuses it first, before the service is contacted: both read this one table, so they cannot
 * disagree (a body the gateway let through but the service refused used to break the connection
 * mid-upload).
 */
const KIB = 1024;
const MIB = 1024 * KIB;

/** What a service accepts when the table does not name it. */
export const DEFAULT_BODY_LIMIT_BYTES = 100 * KIB;

export const BODY_LIMIT_BYTES = {
  /** Credentials and account edits only. */
  auth: 16 * KIB,
  product: DEFAULT_BODY_LIMIT_BYTES,
  client: DEFAULT_BODY_LIMIT_BYTES,
  order: DEFAULT_BODY_LIMIT_BYTES,
  payment: DEFAULT_BODY_LIMIT_BYTES,
  notification: DEFAULT_BODY_LIMIT_BYTES,
} as const satisfies Record<ApplicationService, number>;

/** Largest product image file (`POST /api/products/:id/image`, or with a new product). */
export const IMAGE_MAX_BYTES = 5 * MIB;

/**
 * The whole multipart body of an image upload: the file, the product's JSON when it is created
 * with it (`POST /api/products`), part headers and boundaries.
 */
export const IMAGE_UPLOAD_BODY_LIMIT_BYTES = IMAGE_MAX_BYTES + BODY_LIMIT_BYTES.product + 64 * KIB;

/** The body limit of a service's routes (the image upload routes have their own, above). */
export function bodyLimitOf(service: string): number {
  return Object.hasOwn(BODY_LIMIT_BYTES, service)
    ? BODY_LIMIT_BYTES[service as keyof typeof BODY_LIMIT_BYTES]
    : DEFAULT_BODY_LIMIT_BYTES;
}
