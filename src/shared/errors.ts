// The serialisable error envelope shared by every door (IPC, WebSocket, CLI).
import { z } from 'zod';

export const ErrorCode = z.enum([
  'BAD_REQUEST', // input failed the contract's schema
  'UNKNOWN_METHOD', // no such request in the contract
  'NOT_FOUND', // the thing named does not exist
  'CONFLICT', // the request contradicts what is stored
  'INVALID_FILE', // a file could not be parsed
  'UNAUTHORIZED', // transport-level refusal
  'CANCELLED', // a job was cancelled
  'BUSY', // the resource is in use
  'INTERNAL' // a bug: the message says what happened
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorEnvelope = z.object({
  code: ErrorCode,
  message: z.string(),
  details: z.unknown().optional()
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;

/** An error that carries a code and crosses transports as an ErrorEnvelope. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
  toEnvelope(): ErrorEnvelope {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** Turns anything thrown into an envelope; unknown errors become INTERNAL with their message. */
export function toErrorEnvelope(err: unknown): ErrorEnvelope {
  if (err instanceof AppError) return err.toEnvelope();
  if (err && typeof err === 'object' && 'code' in err && 'message' in err) {
    const parsed = ErrorEnvelope.safeParse({
      code: (err as { code: unknown }).code,
      message: (err as { message: unknown }).message,
      details: (err as { details?: unknown }).details
    });
    if (parsed.success) return parsed.data;
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message };
}

export function notFound(what: string, id: string | number): AppError {
  return new AppError('NOT_FOUND', `${what} ${JSON.stringify(id)} does not exist`, { what, id });
}

/** Result of one request as it crosses a transport. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorEnvelope };
