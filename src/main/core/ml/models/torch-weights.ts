/**
 * Loads a PyTorch state_dict of the reference models (/work/shared/tools/make_resnet1d_fixture.py)
 * into a model from buildModel.
 *
 * Key -> layer mapping:
 *   ResNets  stem.0.weight -> stem_conv, stem.1.* -> stem_bn,
 *            blocks.{i}.conv{n}.weight -> layer{s}_{j}_conv{n}, blocks.{i}.bn{n}.* -> layer{s}_{j}_bn{n},
 *            blocks.{i}.short.0.weight -> layer{s}_{j}_short_conv, blocks.{i}.short.1.* -> ..._short_bn
 *            (flat block index i -> stage s, block j from the preset's block counts)
 *   tsc      blocks.{b}.c{n}.{weight,bias} -> tsc{b+1}_c{n}, blocks.{b}.b{n}.* -> tsc{b+1}_b{n},
 *            blocks.{b}.short.0.* -> tsc{b+1}_short_conv, blocks.{b}.short.1.* and blocks.{b}.short.*
 *            (BN-only shortcut) -> tsc{b+1}_short_bn
 *   both     fc.weight / fc.bias -> fc; *.num_batches_tracked is ignored.
 * Tensors: Conv1d weight [out, in, k] -> kernel [k, in, out]; Linear weight [out, in] -> kernel [in, out];
 * BN weight/bias/running_mean/running_var -> gamma/beta/moving_mean/moving_variance.
 * Strict: an unknown key, a model weight without a key, or a shape mismatch throws (nothing is assigned).
 */
import * as tf from '@tensorflow/tfjs';
import type { Arch } from './config';
import { blockPosition } from './resnet';

/** A tensor in PyTorch layout: a tf.Tensor (not disposed here) or raw float32 data with its shape. */
export type TorchTensor = tf.Tensor | { shape: readonly number[]; data: Float32Array };
export type TorchStateDict = ReadonlyMap<string, TorchTensor> | Readonly<Record<string, TorchTensor>>;

type TfWeight = 'kernel' | 'bias' | 'gamma' | 'beta' | 'moving_mean' | 'moving_variance';

export interface WeightTarget {
  layer: string;
  weight: TfWeight;
  /** How the PyTorch tensor is rearranged: conv [out,in,k]->[k,in,out], dense [out,in]->[in,out]. */
  transpose: 'conv' | 'dense' | 'none';
}

const BN_PARAM: Record<string, TfWeight> = {
  weight: 'gamma', bias: 'beta', running_mean: 'moving_mean', running_var: 'moving_variance'
};
const BN = '(weight|bias|running_mean|running_var)';

function convTarget(layer: string, param: string): WeightTarget {
  return param === 'weight'
    ? { layer, weight: 'kernel', transpose: 'conv' }
    : { layer, weight: 'bias', transpose: 'none' };
}
function bnTarget(layer: string, param: string): WeightTarget {
  return { layer, weight: BN_PARAM[param], transpose: 'none' };
}

function resnetBlockTarget(arch: Exclude<Arch, 'tsc'>, key: string): WeightTarget | null {
  let m = /^blocks\.(\d+)\.(.+)$/.exec(key);
  if (!m) return null;
  const pos = blockPosition(arch, Number(m[1]));
  if (!pos) return null;
  const prefix = `layer${pos[0]}_${pos[1]}`;
  const rest = m[2];
  if ((m = /^(conv[123])\.weight$/.exec(rest))) return convTarget(`${prefix}_${m[1]}`, 'weight');
  if ((m = new RegExp(`^(bn[123])\\.${BN}$`).exec(rest))) return bnTarget(`${prefix}_${m[1]}`, m[2]);
  if (rest === 'short.0.weight') return convTarget(`${prefix}_short_conv`, 'weight');
  if ((m = new RegExp(`^short\\.1\\.${BN}$`).exec(rest))) return bnTarget(`${prefix}_short_bn`, m[1]);
  return null;
}

function tscBlockTarget(key: string): WeightTarget | null {
  let m = /^blocks\.([0-2])\.(.+)$/.exec(key);
  if (!m) return null;
  const prefix = `tsc${Number(m[1]) + 1}`;
  const rest = m[2];
  if ((m = /^(c[123])\.(weight|bias)$/.exec(rest))) return convTarget(`${prefix}_${m[1]}`, m[2]);
  if ((m = new RegExp(`^(b[123])\\.${BN}$`).exec(rest))) return bnTarget(`${prefix}_${m[1]}`, m[2]);
  if ((m = /^short\.0\.(weight|bias)$/.exec(rest))) return convTarget(`${prefix}_short_conv`, m[1]);
  if ((m = new RegExp(`^short\\.(?:1\\.)?${BN}$`).exec(rest))) return bnTarget(`${prefix}_short_bn`, m[1]);
  return null;
}

/** Where a state_dict key goes; 'ignore' for num_batches_tracked; null for an unknown key. */
export function torchKeyTarget(arch: Arch, key: string): WeightTarget | 'ignore' | null {
  if (key.endsWith('.num_batches_tracked')) return 'ignore';
  if (key === 'fc.weight') return { layer: 'fc', weight: 'kernel', transpose: 'dense' };
  if (key === 'fc.bias') return { layer: 'fc', weight: 'bias', transpose: 'none' };
  if (arch === 'tsc') return tscBlockTarget(key);
  if (key === 'stem.0.weight') return convTarget('stem_conv', 'weight');
  const m = new RegExp(`^stem\\.1\\.${BN}$`).exec(key);
  if (m) return bnTarget('stem_bn', m[1]);
  return resnetBlockTarget(arch, key);
}

function toTfLayout(t: TorchTensor, transpose: WeightTarget['transpose']): tf.Tensor {
  const base = t instanceof tf.Tensor ? t : tf.tensor(t.data, [...t.shape], 'float32');
  if (transpose === 'conv') return tf.transpose(base, [2, 1, 0]);
  if (transpose === 'dense') return tf.transpose(base, [1, 0]);
  return base;
}

function entriesOf(dict: TorchStateDict): Array<[string, TorchTensor]> {
  return dict instanceof Map ? [...dict.entries()] : Object.entries(dict as Record<string, TorchTensor>);
}

function shortName(v: tf.LayerVariable): string {
  const parts = v.originalName.split('/');
  return parts[parts.length - 1].replace(/_\d+$/, '');
}

/** Assigns every weight of `model` from the state_dict; throws listing all problems, assigning nothing. */
export function loadTorchStateDict(model: tf.LayersModel, arch: Arch, dict: TorchStateDict): void {
  const problems: string[] = [];
  const byLayer = new Map<string, Map<TfWeight, [string, TorchTensor, WeightTarget]>>();
  for (const [key, t] of entriesOf(dict)) {
    const target = torchKeyTarget(arch, key);
    if (target === 'ignore') continue;
    if (target === null) { problems.push(`unexpected key ${key}`); continue; }
    const slot = byLayer.get(target.layer) ?? new Map<TfWeight, [string, TorchTensor, WeightTarget]>();
    slot.set(target.weight, [key, t, target]);
    byLayer.set(target.layer, slot);
  }
  tf.tidy(() => {
    const assignments: Array<[tf.layers.Layer, tf.Tensor[]]> = [];
    const seen = new Set<string>();
    for (const layer of model.layers) {
      if (layer.weights.length === 0) continue;
      seen.add(layer.name);
      const slot = byLayer.get(layer.name);
      const values: tf.Tensor[] = [];
      for (const w of layer.weights) {
        const name = shortName(w);
        const entry = slot?.get(name as TfWeight);
        if (!entry) { problems.push(`no state_dict key for ${layer.name}/${name}`); continue; }
        const value = toTfLayout(entry[1], entry[2].transpose);
        if (!tf.util.arraysEqual(value.shape, w.shape as number[])) {
          problems.push(`${entry[0]}: shape [${entry[1].shape.join(',')}] does not fit ${layer.name}/${name} [${w.shape.join(',')}]`);
        }
        values.push(value);
      }
      assignments.push([layer, values]);
    }
    for (const [layer, slot] of byLayer) {
      if (!seen.has(layer)) for (const [key] of slot.values()) problems.push(`key ${key}: model has no layer ${layer}`);
    }
    if (problems.length > 0) {
      const shown = problems.slice(0, 12).join('; ');
      const more = problems.length > 12 ? ` (and ${problems.length - 12} more)` : '';
      throw new Error(`loadTorchStateDict(${arch}): ${problems.length} problem(s): ${shown}${more}`);
    }
    for (const [layer, values] of assignments) layer.setWeights(values);
  });
}
