// The one entry every door goes through: look the request up in the contract, validate the input
// with its schema, call the handler, and return a serialisable envelope. Nothing reaches a handler
// unvalidated.
import { isRequestName, specOf } from '../../shared/contract';
import { AppError, type Envelope, toErrorEnvelope } from '../../shared/errors';
import type { Handlers } from '../core/handlers/types';

export interface ValidationIssue {
  path: string;
  message: string;
}

export function validateRequest(name: unknown, input: unknown): { name: string; input: unknown } {
  if (!isRequestName(name)) {
    throw new AppError('UNKNOWN_METHOD', `unknown request ${JSON.stringify(name)}`);
  }
  const parsed = specOf(name).input.safeParse(input === undefined ? {} : input);
  if (!parsed.success) {
    const issues: ValidationIssue[] = parsed.error.issues.map((i) => ({
      path: i.path.map(String).join('.') || '(input)',
      message: i.message
    }));
    const first = issues[0];
    throw new AppError(
      'BAD_REQUEST',
      `${name}: ${first.path}: ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`,
      { issues }
    );
  }
  return { name, input: parsed.data };
}

export async function dispatch(handlers: Handlers, name: unknown, input: unknown): Promise<Envelope<unknown>> {
  try {
    const req = validateRequest(name, input);
    const handler = handlers[req.name as keyof Handlers] as (i: unknown) => unknown;
    const value = await handler(req.input);
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: toErrorEnvelope(err) };
  }
}
