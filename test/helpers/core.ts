import { createCore, type Core } from '../../src/main/core';
import type { MlHost } from '../../src/main/core/context';

/** An MlHost that never loads TensorFlow.js (for tests of everything else). */
export const fakeMl: MlHost = {
  backend: async () => ({ backend: 'fake', device: 'CPU', detail: 'test double' }),
  current: () => null,
  close: async () => undefined
};

export function testCore(dataDir: string): Core {
  return createCore({ dataDir, ml: fakeMl, throttleMs: 0 });
}
