import { describe, expect, it } from 'vitest';
import { requestNames, requests } from '../../src/shared/contract';
import type { Handlers } from '../../src/main/core/handlers/types';
import { dispatch } from '../../src/main/transports/dispatch';

/** Handlers that record whether they were reached. */
function spyHandlers(): { handlers: Handlers; calls: string[] } {
  const calls: string[] = [];
  const handlers = new Proxy({} as Handlers, {
    get: (_t, name: string) => () => {
      calls.push(name);
      return null;
    }
  });
  return { handlers, calls };
}

const MALFORMED: unknown[] = [null, 42, 'text', [], true, { __unexpected__: 1 }, { __proto__: { polluted: true }, x: 1 }];

describe('the API contract', () => {
  it('declares an input schema, an output schema and a summary for every request', () => {
    expect(requestNames.length).toBeGreaterThan(10);
    for (const name of requestNames) {
      const spec = requests[name];
      expect(spec.input, name).toBeDefined();
      expect(spec.output, name).toBeDefined();
      expect(spec.summary.length, name).toBeGreaterThan(3);
    }
  });

  it.each(requestNames)('%s rejects malformed input with BAD_REQUEST before reaching its handler', async (name) => {
    for (const input of MALFORMED) {
      const { handlers, calls } = spyHandlers();
      const env = await dispatch(handlers, name, input);
      expect(env.ok, `${name} accepted ${JSON.stringify(input)}`).toBe(false);
      if (!env.ok) {
        expect(env.error.code).toBe('BAD_REQUEST');
        expect(env.error.message).toContain(name);
      }
      expect(calls).toEqual([]);
    }
  });

  it('refuses an unknown request name with UNKNOWN_METHOD', async () => {
    const { handlers, calls } = spyHandlers();
    for (const name of ['nope', '__proto__', 'constructor', 42, null]) {
      const env = await dispatch(handlers, name, {});
      expect(env).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    }
    expect(calls).toEqual([]);
  });

  it('passes the parsed input (with defaults) to the handler', async () => {
    let seen: unknown;
    const handlers = new Proxy({} as Handlers, {
      get: () => (input: unknown) => {
        seen = input;
        return { jobId: 'x' };
      }
    });
    const env = await dispatch(handlers, 'import.start', { paths: ['/tmp/a.csv'] });
    expect(env).toEqual({ ok: true, value: { jobId: 'x' } });
    expect(seen).toEqual({ paths: ['/tmp/a.csv'], tags: [], resample: false });
  });

  it('returns a handler error as a serialisable envelope', async () => {
    const handlers = new Proxy({} as Handlers, {
      get: () => () => {
        throw new Error('disk on fire');
      }
    });
    const env = await dispatch(handlers, 'labels.list', {});
    expect(env).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'disk on fire' } });
    expect(JSON.parse(JSON.stringify(env))).toEqual(env);
  });
});
