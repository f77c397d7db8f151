import { describe, expect, it } from 'vitest';
import { type BackendLoader, parseForced, selectBackend } from '../../src/main/core/ml/backend';

function loader(choice: BackendLoader['choice'], fail?: string, tried?: string[]): BackendLoader {
  return {
    choice,
    async load() {
      tried?.push(choice);
      if (fail) throw new Error(fail);
      return { backend: choice === 'wasm' || choice === 'cpu' ? choice : 'tensorflow', device: choice === 'tensorflow-gpu' ? 'GPU' : 'CPU', detail: choice };
    }
  };
}

describe('backend selection', () => {
  it('prefers tfjs-node-gpu when it loads', async () => {
    const sel = await selectBackend([loader('tensorflow-gpu'), loader('tensorflow'), loader('wasm'), loader('cpu')]);
    expect(sel.info).toMatchObject({ backend: 'tensorflow', device: 'GPU' });
    expect(sel.skipped).toEqual([]);
  });

  it('falls back in order gpu → tensorflow → wasm → cpu, recording why each was skipped', async () => {
    const tried: string[] = [];
    const sel = await selectBackend([
      loader('tensorflow-gpu', "Cannot find module '@tensorflow/tfjs-node-gpu'", tried),
      loader('tensorflow', 'The Node.js native addon module (tfjs_binding.node) can not be found', tried),
      loader('wasm', undefined, tried),
      loader('cpu', undefined, tried)
    ]);
    expect(tried).toEqual(['tensorflow-gpu', 'tensorflow', 'wasm']);
    expect(sel.info.backend).toBe('wasm');
    expect(sel.skipped.map((s) => s.choice)).toEqual(['tensorflow-gpu', 'tensorflow']);
    expect(sel.skipped[1].reason).toMatch(/native addon/);
  });

  it('uses cpu only when nothing else loads', async () => {
    const sel = await selectBackend([loader('tensorflow-gpu', 'x'), loader('tensorflow', 'y'), loader('wasm', 'z'), loader('cpu')]);
    expect(sel.info.backend).toBe('cpu');
  });

  it('a forced backend is the only one tried, and its failure is an error', async () => {
    const tried: string[] = [];
    const loaders = [loader('tensorflow-gpu', undefined, tried), loader('wasm', 'no wasm here', tried), loader('cpu', undefined, tried)];
    await expect(selectBackend(loaders, 'wasm')).rejects.toThrow(/forced backend wasm did not load \(wasm: no wasm here\)/);
    expect(tried).toEqual(['wasm']);
    expect((await selectBackend(loaders, 'cpu')).info.backend).toBe('cpu');
  });

  it('parses SENSORLAB_BACKEND values and rejects unknown ones', () => {
    expect(parseForced(undefined)).toBeNull();
    expect(parseForced('auto')).toBeNull();
    expect(parseForced('GPU')).toBe('tensorflow-gpu');
    expect(parseForced('tfjs-node')).toBe('tensorflow');
    expect(parseForced('wasm')).toBe('wasm');
    expect(() => parseForced('cuda9')).toThrow(/not one of/);
  });
});
