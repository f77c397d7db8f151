import { describe, expect, it } from 'vitest';
import { AppError, toErrorEnvelope } from '../../src/shared/errors';

describe('error envelope', () => {
  it('keeps the code, message and details of an AppError', () => {
    const env = toErrorEnvelope(new AppError('NOT_FOUND', 'recording 3 does not exist', { id: 3 }));
    expect(env).toEqual({ code: 'NOT_FOUND', message: 'recording 3 does not exist', details: { id: 3 } });
  });
  it('turns an unknown throw into INTERNAL with its message', () => {
    expect(toErrorEnvelope(new Error('boom'))).toEqual({ code: 'INTERNAL', message: 'boom' });
    expect(toErrorEnvelope('plain')).toEqual({ code: 'INTERNAL', message: 'plain' });
  });
});
