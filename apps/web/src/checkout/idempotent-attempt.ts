/**
 * One Idempotency-Key per attempt. Retrying the same request (same body) after a network error,
 * a 5xx or a 409 "in progress" reuses the key, so the server answers with the first result instead
 * of acting twice. A different body, or an attempt that got a final answer (`settle`), gets a new key.
 */
export interface IdempotentAttempt {
  keyFor(body: unknown): string;
  /** The attempt got a definitive answer (created, declined...): the next try is a new attempt. */
  settle(): void;
}

export function createIdempotentAttempt(
  newKey: () => string = () => crypto.randomUUID(),
): IdempotentAttempt {
  let current: { key: string; body: string } | undefined;
  return {
    keyFor(body) {
      const serialized = JSON.stringify(body);
      if (!current || current.body !== serialized) current = { key: newKey(), body: serialized };
      return current.key;
    },
    settle() {
      current = undefined;
    },
  };
}

/** Whether a failed call may be retried with the same key (the server may or may not have acted). */
export function isRetryableFailure(status: number): boolean {
  return status === 0 || status === 409 || status >= 500;
}
