import { describe, expect, it } from 'vitest';
import { ARCHS, presets } from '../../src/main/core/ml/models/config';
import { ARCH_NAMES } from '../../src/shared/api/ml';
import { PRESET_HINTS, presetHint } from '../../src/shared/presets';

describe('the preset hints the Train view shows', () => {
  it('cover exactly the presets of the model code', () => {
    expect(PRESET_HINTS.map((p) => p.arch).sort()).toEqual(Object.keys(presets).sort());
    expect(PRESET_HINTS.map((p) => p.arch).sort()).toEqual([...ARCHS].sort());
    expect(PRESET_HINTS.map((p) => p.arch).sort()).toEqual([...ARCH_NAMES].sort());
  });

  it('carry the same one-line hint and default width as the model code', () => {
    for (const p of PRESET_HINTS) {
      expect(p.hint, p.arch).toBe(presets[p.arch].hint);
      expect(p.defaultWidth, p.arch).toBe(presets[p.arch].defaultWidth);
      expect(p.hint).not.toContain('\n');
    }
  });

  it('finds a hint by arch name', () => {
    expect(presetHint('tsc')?.hint).toMatch(/params/);
    expect(presetHint('vgg')).toBeUndefined();
  });
});
