// Model presets as the UI shows them: pure data, no TensorFlow.js, safe to import from the renderer.
// Kept equal to `presets` in src/main/core/ml/models/config.ts (checked by test/unit/train-ui-presets.test.ts).
import type { ARCH_NAMES } from './api/ml';

export type ArchName = (typeof ARCH_NAMES)[number];

export interface PresetHint {
  arch: ArchName;
  /** One line of size/speed. */
  hint: string;
  /** Base width used when the user leaves width empty. */
  defaultWidth: number;
}

export const PRESET_HINTS: readonly PresetHint[] = [
  { arch: 'tsc', hint: '0.5 M params at width 64; small but no downsampling: about 3x the compute of resnet18', defaultWidth: 64 },
  { arch: 'resnet18', hint: '3.8 M params at width 64; fastest ResNet (0.17 M MAC per sample step), good default', defaultWidth: 64 },
  { arch: 'resnet34', hint: '7.2 M params at width 64; about 2x the compute of resnet18', defaultWidth: 64 },
  { arch: 'resnet50', hint: '16 M params at width 64; about 4.6x the compute of resnet18; slow', defaultWidth: 64 },
  { arch: 'resnet101', hint: '28 M params at width 64; about 9x the compute of resnet18; very slow', defaultWidth: 64 },
  { arch: 'resnet152', hint: '38 M params at width 64; about 13x the compute of resnet18; slowest', defaultWidth: 64 }
];

export function presetHint(arch: string): PresetHint | undefined {
  return PRESET_HINTS.find((p) => p.arch === arch);
}
