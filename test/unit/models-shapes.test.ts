/**
 * Model builders: shapes for every preset, any length, softmax output, logits, stable layer names,
 * only built-in layers (model.json round trip through plain tf.loadLayersModel), config validation.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ARCHS, buildModel, countParams, logitsModel, presets, type Arch } from '../../src/main/core/ml/models/index';

beforeAll(async () => { await tf.setBackend('cpu'); });

function randomInput(batch: number, length: number, channels: number, seed: number): tf.Tensor3D {
  return tf.randomNormal([batch, length, channels], 0, 1, 'float32', seed);
}

describe('every preset', () => {
  for (const arch of ARCHS) {
    it(`${arch}: outputs [batch, classes] probabilities for channels 3 and 6 at any length`, () => {
      for (const channels of [3, 6]) {
        const model = buildModel({ arch, channels, classes: 5, width: 4, length: null }, { seed: 3 });
        expect(model.inputs[0].shape).toEqual([null, null, channels]);
        const start = tf.memory().numTensors;
        for (const length of [37, 64]) {
          const x = randomInput(2, length, channels, length);
          const y = model.predict(x) as tf.Tensor2D;
          expect(y.shape).toEqual([2, 5]);
          const rows = y.sum(1);
          for (const s of rows.dataSync()) expect(s).toBeCloseTo(1, 5);
          expect(Math.min(...y.dataSync())).toBeGreaterThanOrEqual(0);
          tf.dispose([x, y, rows]);
        }
        expect(tf.memory().numTensors).toBe(start);
        model.dispose();
      }
    });
  }

  it('presets describe every arch with a hint, block kind and default width 64', () => {
    expect(Object.keys(presets).sort()).toEqual([...ARCHS].sort());
    for (const arch of ARCHS) {
      expect(presets[arch].hint.length).toBeGreaterThan(10);
      expect(presets[arch].defaultWidth).toBe(64);
    }
    expect(presets.resnet18.block).toBe('basic');
    expect(presets.resnet152.block).toBe('bottleneck');
    expect(presets.tsc.block).toBe('tsc');
  });
});

describe('builder options', () => {
  it('a fixed length gives a fixed input shape and still classifies', () => {
    const model = buildModel({ arch: 'resnet18', channels: 3, classes: 4, width: 4, length: 50 });
    expect(model.inputs[0].shape).toEqual([null, 50, 3]);
    const x = randomInput(3, 50, 3, 1);
    const y = model.predict(x) as tf.Tensor;
    expect(y.shape).toEqual([3, 4]);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('logits: true drops the softmax layer; logitsModel shares the weights of a softmax model', () => {
    const probs = buildModel({ arch: 'tsc', channels: 3, classes: 5, width: 4 }, { seed: 5 });
    const raw = buildModel({ arch: 'tsc', channels: 3, classes: 5, width: 4 }, { seed: 5, logits: true });
    expect(raw.layers.map((l) => l.name)).not.toContain('softmax');
    expect(probs.layers[probs.layers.length - 1].name).toBe('softmax');
    const x = randomInput(2, 40, 3, 2);
    const shared = logitsModel(probs);
    expect(logitsModel(raw)).toBe(raw);
    const [p, l1, l2] = [probs.predict(x), shared.predict(x), raw.predict(x)] as tf.Tensor[];
    expect(Array.from(l1.dataSync())).toEqual(Array.from(l2.dataSync()));
    const sm = tf.softmax(l1);
    expect(tf.max(tf.abs(tf.sub(sm, p))).dataSync()[0]).toBeLessThan(1e-6);
    // Changing a weight in the softmax model changes the logits model: the weights are shared.
    const fc = probs.getLayer('fc');
    const [k, b] = fc.getWeights();
    fc.setWeights([k, tf.add(b, 1)]);
    const l3 = shared.predict(x) as tf.Tensor;
    expect(tf.max(tf.abs(tf.sub(l3, l1))).dataSync()[0]).toBeCloseTo(1, 5);
    tf.dispose([x, p, l1, l2, l3, sm]);
    probs.dispose();
    raw.dispose();
  });

  it('the same seed gives the same weights, another seed others', () => {
    const cfg = { arch: 'resnet18' as Arch, channels: 3, classes: 3, width: 4 };
    const [a, b, c] = [buildModel(cfg, { seed: 7 }), buildModel(cfg, { seed: 7 }), buildModel(cfg, { seed: 8 })];
    const kernel = (m: tf.LayersModel) => Array.from(m.getLayer('layer2_0_conv1').getWeights()[0].dataSync());
    expect(kernel(a)).toEqual(kernel(b));
    expect(kernel(a)).not.toEqual(kernel(c));
    [a, b, c].forEach((m) => m.dispose());
  });

  it('rejects bad configs with a RangeError', () => {
    expect(() => buildModel({ arch: 'resnet9' as Arch, channels: 3, classes: 5 })).toThrow(RangeError);
    expect(() => buildModel({ arch: 'tsc', channels: 0, classes: 5 })).toThrow(/channels/);
    expect(() => buildModel({ arch: 'tsc', channels: 3, classes: 1 })).toThrow(/classes/);
    expect(() => buildModel({ arch: 'tsc', channels: 3, classes: 5, width: 2.5 })).toThrow(/width/);
  });
});

describe('layers', () => {
  const BUILT_IN = new Set(['InputLayer', 'Reshape', 'ZeroPadding2D', 'Conv1D', 'BatchNormalization', 'Activation',
    'MaxPooling1D', 'Add', 'GlobalAveragePooling1D', 'Dense', 'Softmax']);

  it('have stable names that PyTorch keys map to, and are all built-in tfjs classes', () => {
    const r = buildModel({ arch: 'resnet50', channels: 3, classes: 5, width: 2 });
    const names = new Set(r.layers.map((l) => l.name));
    for (const n of ['stem_conv', 'stem_bn', 'stem_pool', 'layer1_0_short_conv', 'layer2_0_conv2', 'layer2_0_short_bn',
      'layer3_5_bn3', 'layer4_2_out', 'gap', 'fc', 'softmax']) expect(names).toContain(n);
    const t = buildModel({ arch: 'tsc', channels: 3, classes: 5, width: 2 });
    for (const n of ['tsc1_c1', 'tsc1_short_conv', 'tsc3_short_bn', 'tsc3_b3', 'fc']) expect(t.layers.map((l) => l.name)).toContain(n);
    for (const l of [...r.layers, ...t.layers]) expect(BUILT_IN, l.getClassName()).toContain(l.getClassName());
    r.dispose();
    t.dispose();
  });

  it('BatchNorm uses epsilon 1e-5 and Keras momentum 0.9 (PyTorch momentum 0.1)', () => {
    const m = buildModel({ arch: 'resnet18', channels: 3, classes: 5, width: 2 });
    const bns = m.layers.filter((l) => l.getClassName() === 'BatchNormalization');
    expect(bns.length).toBe(20);
    for (const bn of bns) expect(bn.getConfig()).toMatchObject({ epsilon: 1e-5, momentum: 0.9, axis: -1 });
    m.dispose();
  });

  for (const arch of ['resnet18', 'tsc'] as Arch[]) {
    it(`${arch}: model.json + weights load in plain tf.loadLayersModel and predict the same`, async () => {
      const model = buildModel({ arch, channels: 3, classes: 4, width: 4 }, { seed: 11 });
      let saved: tf.io.ModelArtifacts | undefined;
      await model.save(tf.io.withSaveHandler(async (a) => {
        saved = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }));
      const json = JSON.parse(JSON.stringify(saved!.modelTopology)) as object;
      const loaded = await tf.loadLayersModel(tf.io.fromMemory({ ...saved!, modelTopology: json }));
      expect(countParams(loaded)).toEqual(countParams(model));
      const x = randomInput(2, 45, 3, 4);
      const [a, b] = [model.predict(x), loaded.predict(x)] as tf.Tensor[];
      expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
      tf.dispose([x, a, b]);
      model.dispose();
      loaded.dispose();
    });
  }
});
