/**
 * PyTorch state_dict loader: key mapping (stage boundaries of the deep presets, tsc shortcuts),
 * layout transposes, and strict errors that assign nothing.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, loadTorchStateDict, torchKeyTarget, type Arch } from '../../src/main/core/ml/models/index';

beforeAll(async () => { await tf.setBackend('cpu'); });

type Raw = { shape: number[]; data: Float32Array };

/** The state_dict keys and shapes of the PyTorch ResNetTSC(c_in, classes, w), spelled out from the reference. */
function tscStateDict(cIn: number, classes: number, w: number): Map<string, Raw> {
  const dict = new Map<string, Raw>();
  let counter = 0;
  const put = (key: string, shape: number[]) => {
    const n = shape.reduce((a, b) => a * b, 1);
    dict.set(key, { shape, data: Float32Array.from({ length: n }, () => (counter++ % 97) / 97 + 0.5) });
  };
  const bn = (prefix: string, c: number) => {
    for (const p of ['weight', 'bias', 'running_mean', 'running_var']) put(`${prefix}.${p}`, [c]);
    dict.set(`${prefix}.num_batches_tracked`, { shape: [], data: new Float32Array([1]) });
  };
  const widths = [w, 2 * w, 2 * w];
  let cin = cIn;
  widths.forEach((width, b) => {
    [8, 5, 3].forEach((k, i) => {
      put(`blocks.${b}.c${i + 1}.weight`, [width, i === 0 ? cin : width, k]);
      put(`blocks.${b}.c${i + 1}.bias`, [width]);
      bn(`blocks.${b}.b${i + 1}`, width);
    });
    if (cin !== width) {
      put(`blocks.${b}.short.0.weight`, [width, cin, 1]);
      put(`blocks.${b}.short.0.bias`, [width]);
      bn(`blocks.${b}.short.1`, width);
    } else {
      bn(`blocks.${b}.short`, width);
    }
    cin = width;
  });
  put('fc.weight', [classes, 2 * w]);
  put('fc.bias', [classes]);
  return dict;
}

describe('torchKeyTarget', () => {
  it('maps flat block indices to stages at the boundaries of resnet101 and resnet152', () => {
    const layer = (arch: Arch, key: string) => {
      const t = torchKeyTarget(arch, key);
      return t && t !== 'ignore' ? t.layer : t;
    };
    expect(layer('resnet152', 'blocks.2.conv3.weight')).toBe('layer1_2_conv3');
    expect(layer('resnet152', 'blocks.3.short.0.weight')).toBe('layer2_0_short_conv');
    expect(layer('resnet152', 'blocks.10.bn2.running_var')).toBe('layer2_7_bn2');
    expect(layer('resnet152', 'blocks.11.short.1.bias')).toBe('layer3_0_short_bn');
    expect(layer('resnet152', 'blocks.46.conv1.weight')).toBe('layer3_35_conv1');
    expect(layer('resnet152', 'blocks.49.bn3.weight')).toBe('layer4_2_bn3');
    expect(layer('resnet152', 'blocks.50.bn3.weight')).toBeNull();
    expect(layer('resnet101', 'blocks.29.conv2.weight')).toBe('layer3_22_conv2');
    expect(layer('resnet101', 'blocks.30.conv2.weight')).toBe('layer4_0_conv2');
    expect(layer('resnet18', 'blocks.7.conv3.weight')).toBe('layer4_1_conv3'); // name maps; loading rejects it
    expect(layer('resnet18', 'stem.1.running_mean')).toBe('stem_bn');
    expect(torchKeyTarget('resnet18', 'stem.1.num_batches_tracked')).toBe('ignore');
    expect(torchKeyTarget('resnet18', 'stem.2.weight')).toBeNull();
  });

  it('maps tsc keys, including BN-only shortcuts, and the BN parameter names', () => {
    expect(torchKeyTarget('tsc', 'blocks.0.short.0.bias')).toEqual({ layer: 'tsc1_short_conv', weight: 'bias', transpose: 'none' });
    expect(torchKeyTarget('tsc', 'blocks.0.short.1.running_var')).toEqual({ layer: 'tsc1_short_bn', weight: 'moving_variance', transpose: 'none' });
    expect(torchKeyTarget('tsc', 'blocks.2.short.weight')).toEqual({ layer: 'tsc3_short_bn', weight: 'gamma', transpose: 'none' });
    expect(torchKeyTarget('tsc', 'blocks.1.c1.weight')).toEqual({ layer: 'tsc2_c1', weight: 'kernel', transpose: 'conv' });
    expect(torchKeyTarget('tsc', 'fc.weight')).toEqual({ layer: 'fc', weight: 'kernel', transpose: 'dense' });
    expect(torchKeyTarget('tsc', 'blocks.3.c1.weight')).toBeNull();
  });
});

describe('loadTorchStateDict', () => {
  it('transposes Conv1d [out,in,k] to [k,in,out] and Linear [out,in] to [in,out]; BN-only shortcut when channels = width', () => {
    const dict = tscStateDict(4, 3, 4); // channels = width: block 1 has the BN-only shortcut
    const model = buildModel({ arch: 'tsc', channels: 4, classes: 3, width: 4 });
    loadTorchStateDict(model, 'tsc', dict);
    const conv = dict.get('blocks.1.c2.weight')!; // [8, 8, 5]
    const kernel = model.getLayer('tsc2_c2').getWeights()[0].arraySync() as number[][][];
    for (const [o, i, k] of [[0, 0, 0], [7, 2, 4], [3, 6, 1]]) {
      expect(kernel[k][i][o]).toBe(conv.data[(o * 8 + i) * 5 + k]);
    }
    const fc = dict.get('fc.weight')!; // [3, 8]
    const dense = model.getLayer('fc').getWeights()[0].arraySync() as number[][];
    expect(dense[5][2]).toBe(fc.data[2 * 8 + 5]);
    const bn = model.getLayer('tsc1_short_bn').getWeights().map((t) => Array.from(t.dataSync()));
    expect(bn).toEqual(['weight', 'bias', 'running_mean', 'running_var'].map((p) => Array.from(dict.get(`blocks.0.short.${p}`)!.data)));
    model.dispose();
  });

  it('accepts a plain object of tf.Tensors and leaves the caller\'s tensors alive', () => {
    const dict = tscStateDict(3, 2, 2);
    const tensors: Record<string, tf.Tensor> = {};
    for (const [k, v] of dict) tensors[k] = tf.tensor(v.data, v.shape);
    const model = buildModel({ arch: 'tsc', channels: 3, classes: 2, width: 2 });
    const before = tf.memory().numTensors;
    loadTorchStateDict(model, 'tsc', tensors);
    expect(tf.memory().numTensors).toBe(before);
    expect(tensors['fc.bias'].isDisposed).toBe(false);
    expect(Array.from(model.getLayer('fc').getWeights()[1].dataSync())).toEqual(Array.from(dict.get('fc.bias')!.data));
    tf.dispose(Object.values(tensors));
    model.dispose();
  });

  it('throws on a missing key, an unexpected key or a wrong shape, and then assigns nothing', () => {
    const model = buildModel({ arch: 'tsc', channels: 3, classes: 2, width: 2 });
    const original = Array.from(model.getLayer('tsc1_c1').getWeights()[0].dataSync());
    const missing = tscStateDict(3, 2, 2);
    missing.delete('blocks.1.b2.running_var');
    expect(() => loadTorchStateDict(model, 'tsc', missing)).toThrow(/no state_dict key for tsc2_b2\/moving_variance/);
    const extra = tscStateDict(3, 2, 2);
    extra.set('blocks.0.extra.weight', { shape: [1], data: new Float32Array(1) });
    expect(() => loadTorchStateDict(model, 'tsc', extra)).toThrow(/unexpected key blocks\.0\.extra\.weight/);
    const wrongShape = tscStateDict(3, 2, 3); // width 3 weights into a width-2 model
    expect(() => loadTorchStateDict(model, 'tsc', wrongShape)).toThrow(/does not fit tsc1_c1\/kernel/);
    expect(Array.from(model.getLayer('tsc1_c1').getWeights()[0].dataSync())).toEqual(original);
    model.dispose();
  });
});
