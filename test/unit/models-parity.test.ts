/**
 * PyTorch parity: the reference weights of shared/fixtures/resnet1d-parity (made by
 * shared/tools/make_resnet1d_fixture.py) loaded into our models must reproduce the reference logits in
 * inference and in training mode (BatchNorm on batch statistics), on the cpu backend and on wasm.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARCHS, buildModel, countParams, isArch, loadTorchStateDict, logitsModel, torchKeyTarget, type Arch } from '../../src/main/core/ml/models/index';

const FIXTURE = path.resolve(__dirname, '../../../shared/fixtures/resnet1d-parity');

interface Entry { name: string; kind: 'state' | 'input' | 'output'; shape: number[]; offset: number; length: number }
interface Case { model: string; c_in: number; classes: number; width: number; length: number; batch: number; file: string; tensors: Entry[] }
interface Manifest {
  param_counts: Record<string, { c_in: number; classes: number; width: number; trainable: number; bn_moving_stats: number }>;
  cases: Case[];
}

const TOL = 1e-4;

function readManifest(): { manifest?: Manifest; error?: string } {
  const file = path.join(FIXTURE, 'manifest.json');
  if (!fs.existsSync(file)) {
    return { error: `parity fixture missing: ${file} (the shared/ folder must sit beside the checkout; ` +
      'generate it with shared/tools/make_resnet1d_fixture.py)' };
  }
  return { manifest: JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest };
}

interface Loaded { arch: Arch; state: Map<string, { shape: number[]; data: Float32Array }>; get(name: string): { shape: number[]; data: Float32Array } }

function readCase(c: Case): Loaded {
  const buf = fs.readFileSync(path.join(FIXTURE, c.file));
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const slice = (e: Entry): Float32Array => {
    const out = new Float32Array(e.length);
    for (let i = 0; i < e.length; i++) out[i] = view.getFloat32((e.offset + i) * 4, true);
    return out;
  };
  if (!isArch(c.model)) throw new Error(`fixture names unknown model ${c.model}`);
  const state = new Map<string, { shape: number[]; data: Float32Array }>();
  const all = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const e of c.tensors) {
    const t = { shape: e.shape, data: slice(e) };
    all.set(e.name, t);
    if (e.kind === 'state') state.set(e.name, t);
  }
  return {
    arch: c.model, state,
    get: (name) => { const t = all.get(name); if (!t) throw new Error(`${c.file}: no tensor ${name}`); return t; }
  };
}

/** PyTorch input [N, C, L] -> our [N, L, C]. */
function inputOf(l: Loaded): tf.Tensor3D {
  const x = l.get('input');
  return tf.tidy(() => tf.transpose(tf.tensor3d(x.data, x.shape as [number, number, number]), [0, 2, 1]));
}

function relError(got: tf.Tensor, ref: { shape: number[]; data: Float32Array }): number {
  expect(got.shape).toEqual(ref.shape);
  const g = got.dataSync();
  let maxRef = 0;
  let maxErr = 0;
  for (let i = 0; i < g.length; i++) {
    maxRef = Math.max(maxRef, Math.abs(ref.data[i]));
    maxErr = Math.max(maxErr, Math.abs(g[i] - ref.data[i]));
  }
  return maxErr / maxRef;
}

/*
 * The fixture generator saves the state_dict AFTER its train-mode forward pass, which moved every BN
 * running stat one PyTorch step (momentum 0.1, unbiased variance) towards the batch statistics, while
 * logits_eval was computed BEFORE that pass. So: run our train-mode pass on the stored weights (it does
 * not use running stats), read each BN layer's batch statistics, and undo that step:
 *   before = (after - 0.1 * batch_stat) / 0.9.
 * (Checked with the PyTorch reference: this reproduces logits_eval to 1.4e-6 on tsc-w8-L117.)
 */
function trainPassThenUndoStatStep(model: tf.LayersModel, l: Loaded, x: tf.Tensor): tf.Tensor {
  const bns = model.layers.filter((layer) => layer.getClassName() === 'BatchNormalization');
  const probe = tf.model({ inputs: model.inputs, outputs: [model.outputs[0], ...bns.map((b) => b.input as tf.SymbolicTensor)] });
  const [logits, ...bnInputs] = probe.apply(x, { training: true }) as tf.Tensor[];
  const torchName = new Map<string, string>();
  for (const key of l.state.keys()) {
    const t = key.endsWith('.running_mean') ? torchKeyTarget(l.arch, key) : null;
    if (t && t !== 'ignore') torchName.set(t.layer, key.slice(0, -'.running_mean'.length));
  }
  bns.forEach((bn, i) => {
    const prefix = torchName.get(bn.name);
    if (!prefix) throw new Error(`no PyTorch BN for ${bn.name}`);
    const [mean, variance] = tf.tidy(() => {
      const m = tf.moments(bnInputs[i], [0, 1]);
      const [batch, time] = bnInputs[i].shape as number[];
      const n = batch * time;
      return [m.mean.dataSync(), tf.mul(m.variance, n / (n - 1)).dataSync()];
    });
    const undo = (after: Float32Array, batch: ArrayLike<number>) => after.map((a, k) => (a - 0.1 * batch[k]) / 0.9);
    const [gamma, beta] = bn.getWeights();
    tf.tidy(() => bn.setWeights([gamma, beta,
      tf.tensor1d(undo(l.state.get(`${prefix}.running_mean`)!.data, mean)),
      tf.tensor1d(undo(l.state.get(`${prefix}.running_var`)!.data, variance))]));
  });
  tf.dispose(bnInputs);
  return logits;
}

/** Loads the case, checks the train-mode then eval logits; checks that predict/apply leak no tensor. */
function runCase(c: Case, l: Loaded): { evalErr: number; trainErr: number; ms: number } {
  const model = buildModel({ arch: l.arch, channels: c.c_in, classes: c.classes, width: c.width, length: null }, { logits: true });
  try {
    loadTorchStateDict(model, l.arch, l.state);
    const x = inputOf(l);
    const yTrain = trainPassThenUndoStatStep(model, l, x);
    const trainErr = relError(yTrain, l.get('logits_train_mode'));
    yTrain.dispose();
    const before = tf.memory().numTensors;
    const t0 = performance.now();
    const yEval = model.predict(x) as tf.Tensor;
    const evalErr = relError(yEval, l.get('logits_eval'));
    yEval.dispose();
    const yTrain2 = model.apply(x, { training: true }) as tf.Tensor;
    const ms = performance.now() - t0;
    expect(relError(yTrain2, l.get('logits_train_mode'))).toBeLessThan(TOL);
    yTrain2.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    return { evalErr, trainErr, ms };
  } finally {
    model.dispose();
  }
}

const { manifest, error } = readManifest();

it('finds the parity fixture beside the checkout', () => {
  expect(error, error).toBeUndefined();
  expect(manifest?.cases.length).toBeGreaterThanOrEqual(8);
});

describe('PyTorch parity on the cpu backend', () => {
  beforeAll(async () => { await tf.setBackend('cpu'); });

  for (const c of manifest?.cases ?? []) {
    it(`${c.file}: reproduces logits_eval and logits_train_mode within ${TOL} x max|ref|`, () => {
      const r = runCase(c, readCase(c));
      console.log(`cpu ${c.file}: eval ${r.evalErr.toExponential(2)}, train ${r.trainErr.toExponential(2)}, ${r.ms.toFixed(0)} ms`);
      expect(r.evalErr).toBeLessThan(TOL);
      expect(r.trainErr).toBeLessThan(TOL);
    });
  }

  it('the softmax model and logitsModel() agree with the reference logits', () => {
    const c = manifest!.cases.find((k) => k.model === 'resnet18' && k.length === 200)!;
    const l = readCase(c);
    const model = buildModel({ arch: 'resnet18', channels: 3, classes: 5, width: c.width });
    loadTorchStateDict(model, 'resnet18', l.state);
    const x = inputOf(l);
    trainPassThenUndoStatStep(model, l, x).dispose();
    const ref = l.get('logits_eval');
    const probs = model.predict(x) as tf.Tensor;
    const refProbs = tf.softmax(tf.tensor2d(ref.data, ref.shape as [number, number]));
    expect(relError(probs, { shape: ref.shape, data: refProbs.dataSync() as Float32Array })).toBeLessThan(TOL);
    const logits = logitsModel(model).predict(x) as tf.Tensor;
    expect(relError(logits, ref)).toBeLessThan(TOL);
    tf.dispose([x, probs, refProbs, logits]);
    model.dispose();
  });

  it('stem max-pool input is >= 0 after the ReLU, so zero padding equals PyTorch -inf padding', () => {
    const c = manifest!.cases.find((k) => k.model === 'resnet18' && k.length === 200)!;
    const l = readCase(c);
    const model = buildModel({ arch: 'resnet18', channels: 3, classes: 5, width: c.width });
    loadTorchStateDict(model, 'resnet18', l.state);
    const probe = tf.model({ inputs: model.inputs, outputs: [model.getLayer('stem_relu').output, model.getLayer('stem_pool').output] as tf.SymbolicTensor[] });
    const x = inputOf(l);
    const [act, pooled] = probe.predict(x) as tf.Tensor[];
    const a = act.arraySync() as number[][][];
    expect(Math.min(...a.flat(2))).toBeGreaterThanOrEqual(0);
    // MaxPool1d(3, stride 2, padding 1) with -inf padding, written out.
    const len = a[0].length;
    const outLen = Math.floor((len + 2 - 3) / 2) + 1;
    const ref = a.map((seq) => Array.from({ length: outLen }, (_, i) => seq[0].map((_, ch) => {
      let m = -Infinity;
      for (let t = 2 * i - 1; t <= 2 * i + 1; t++) if (t >= 0 && t < len) m = Math.max(m, seq[t][ch]);
      return m;
    })));
    expect(pooled.arraySync()).toEqual(ref);
    tf.dispose([x, act, pooled]);
    model.dispose();
  });

  it('explicit padding matters: tfjs "same" at stride 2 on an even length would give other stem outputs', () => {
    const c = manifest!.cases.find((k) => k.model === 'resnet18' && k.length === 200)!;
    const l = readCase(c);
    const model = buildModel({ arch: 'resnet18', channels: 3, classes: 5, width: c.width });
    loadTorchStateDict(model, 'resnet18', l.state);
    const probe = tf.model({ inputs: model.inputs, outputs: model.getLayer('stem_conv').output as tf.SymbolicTensor });
    const x = inputOf(l);
    const ours = probe.predict(x) as tf.Tensor;
    const kernel = model.getLayer('stem_conv').getWeights()[0] as tf.Tensor3D;
    const same = tf.conv1d(x, kernel, 2, 'same');
    expect(same.shape).toEqual(ours.shape);
    expect(tf.max(tf.abs(tf.sub(same, ours))).dataSync()[0]).toBeGreaterThan(1e-2);
    tf.dispose([x, ours, same]);
    model.dispose();
  });

  it('parameter counts equal the PyTorch ones for all six presets at width 64', () => {
    for (const arch of ARCHS) {
      const ref = manifest!.param_counts[arch];
      const model = buildModel({ arch, channels: ref.c_in, classes: ref.classes, width: ref.width });
      const n = countParams(model);
      model.dispose();
      expect({ arch, trainable: n.trainable, stats: n.nonTrainable }).toEqual({ arch, trainable: ref.trainable, stats: ref.bn_moving_stats });
    }
  });
});

describe('PyTorch parity on the wasm backend', () => {
  beforeAll(async () => { expect(await tf.setBackend('wasm')).toBe(true); });
  afterAll(async () => { await tf.setBackend('cpu'); });

  for (const name of ['resnet18-w8-L200.bin', 'tsc-w8-L117.bin']) {
    it(`${name}: forward passes match the reference on wasm`, () => {
      const c = manifest!.cases.find((k) => k.file === name)!;
      const r = runCase(c, readCase(c));
      console.log(`wasm ${c.file}: eval ${r.evalErr.toExponential(2)}, train ${r.trainErr.toExponential(2)}, ${r.ms.toFixed(0)} ms`);
      expect(tf.getBackend()).toBe('wasm');
      expect(r.evalErr).toBeLessThan(TOL);
      expect(r.trainErr).toBeLessThan(TOL);
    });
  }
});
