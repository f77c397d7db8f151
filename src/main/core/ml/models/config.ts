/**
 * Model configuration types, the named presets and config validation.
 *
 * Architectures follow /work/shared/tools/make_resnet1d_fixture.py (the PyTorch reference):
 * torchvision-style ResNets made 1-D, and the time-series ResNet of Wang et al. 2017 ("tsc").
 */

export type Arch = 'resnet18' | 'resnet34' | 'resnet50' | 'resnet101' | 'resnet152' | 'tsc';

export const ARCHS: readonly Arch[] = ['resnet18', 'resnet34', 'resnet50', 'resnet101', 'resnet152', 'tsc'];

export interface ModelConfig {
  arch: Arch;
  /** Input channels (sensor axes); any count >= 1. */
  channels: number;
  /** Output classes; >= 2. */
  classes: number;
  /** Base width (stem / first-stage channels); default `presets[arch].defaultWidth` (64). */
  width?: number;
  /** Fixed input length in samples, or null/undefined for any length. */
  length?: number | null;
}

export type BlockKind = 'basic' | 'bottleneck' | 'tsc';

export interface Preset {
  /** One line of size/speed for the UI. */
  hint: string;
  block: BlockKind;
  defaultWidth: number;
}

export type ResNetArch = Exclude<Arch, 'tsc'>;

/** Blocks per stage (layer1..layer4) and block type, as torchvision. */
export const RESNET_DEPTHS: Record<ResNetArch, { block: 'basic' | 'bottleneck'; counts: readonly number[] }> = {
  resnet18: { block: 'basic', counts: [2, 2, 2, 2] },
  resnet34: { block: 'basic', counts: [3, 4, 6, 3] },
  resnet50: { block: 'bottleneck', counts: [3, 4, 6, 3] },
  resnet101: { block: 'bottleneck', counts: [3, 4, 23, 3] },
  resnet152: { block: 'bottleneck', counts: [3, 8, 36, 3] }
};

/** Channel expansion of the block's output over its planes. */
export const EXPANSION: Record<'basic' | 'bottleneck', number> = { basic: 1, bottleneck: 4 };

/*
 * Hints: parameters at width 64 with 3 channels and 5 classes; compute as multiply-accumulates per
 * input time step, measured on the PyTorch reference (resnet18: 0.17 M MAC per time step).
 */
export const presets: Record<Arch, Preset> = {
  resnet18: { hint: '3.8 M params at width 64; fastest ResNet (0.17 M MAC per sample step), good default', block: 'basic', defaultWidth: 64 },
  resnet34: { hint: '7.2 M params at width 64; about 2x the compute of resnet18', block: 'basic', defaultWidth: 64 },
  resnet50: { hint: '16 M params at width 64; about 4.6x the compute of resnet18; slow', block: 'bottleneck', defaultWidth: 64 },
  resnet101: { hint: '28 M params at width 64; about 9x the compute of resnet18; very slow', block: 'bottleneck', defaultWidth: 64 },
  resnet152: { hint: '38 M params at width 64; about 13x the compute of resnet18; slowest', block: 'bottleneck', defaultWidth: 64 },
  tsc: { hint: '0.5 M params at width 64; small but no downsampling: about 3x the compute of resnet18', block: 'tsc', defaultWidth: 64 }
};

export function isArch(value: unknown): value is Arch {
  return typeof value === 'string' && (ARCHS as readonly string[]).includes(value);
}

export interface ResolvedConfig {
  arch: Arch;
  channels: number;
  classes: number;
  width: number;
  length: number | null;
}

function positiveInt(value: unknown, what: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new RangeError(`model config: ${what} must be an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}

/** Checks a config and fills in defaults; throws RangeError on bad values. */
export function resolveConfig(cfg: ModelConfig): ResolvedConfig {
  if (!isArch(cfg.arch)) {
    throw new RangeError(`model config: unknown arch ${String(cfg.arch)}; expected one of ${ARCHS.join(', ')}`);
  }
  return {
    arch: cfg.arch,
    channels: positiveInt(cfg.channels, 'channels', 1),
    classes: positiveInt(cfg.classes, 'classes', 2),
    width: cfg.width == null ? presets[cfg.arch].defaultWidth : positiveInt(cfg.width, 'width', 1),
    length: cfg.length == null ? null : positiveInt(cfg.length, 'length', 1)
  };
}
