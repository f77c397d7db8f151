// A small tsc model for classification tests, trained in-process on a signal whose class is obvious
// (per class a distinct constant level plus noise on every channel), and stored through ModelRepo.
// Also the matching generator of files: a known class per segment.
import * as tf from '@tensorflow/tfjs';
import { writeFileSync } from 'node:fs';
import { serializeModel } from '../../src/main/core/ml/artifacts';
import { ModelRepo } from '../../src/main/core/ml/model-repo';
import { buildModel } from '../../src/main/core/ml/models/index';
import type { SerializedModel } from '../../src/main/core/ml/worker-protocol';
import { Store } from '../../src/main/core/store';
import { rng } from './temp';

export const TEST_CLASSES = ['low', 'mid', 'high'];
/** Level of each class in raw units (before the model's normalisation). */
export const LEVELS = [-3, 0, 3];
export const TEST_CHANNELS = [
  { name: 'ax', unit: 'g' },
  { name: 'ay', unit: 'g' }
];
export const TEST_RATE = 20;
export const TEST_WINDOW = 16;
export const NORMALISATION = { mean: [0, 0], std: [2, 2] };

/** Raw samples of one class (channels last), level + uniform noise ±0.5. */
export function classSignal(cls: number, n: number, rand: () => number): Float32Array {
  const C = TEST_CHANNELS.length;
  const out = new Float32Array(n * C);
  for (let i = 0; i < out.length; i++) out[i] = LEVELS[cls] + (rand() - 0.5);
  return out;
}

export interface TrainedModel {
  model: tf.LayersModel;
  artifacts: SerializedModel;
}

/** Trains until every training window is right (a few dozen Adam steps on the cpu backend). */
export async function trainTinyModel(seed = 7): Promise<TrainedModel> {
  await tf.setBackend('cpu');
  const rand = rng(seed);
  const L = TEST_WINDOW;
  const C = TEST_CHANNELS.length;
  const K = TEST_CLASSES.length;
  const per = 8;
  const xs = new Float32Array(K * per * L * C);
  const labels: number[] = [];
  for (let k = 0; k < K; k++) {
    for (let j = 0; j < per; j++) {
      const s = classSignal(k, L, rand);
      const base = (k * per + j) * L * C;
      for (let i = 0; i < s.length; i++) xs[base + i] = (s[i] - NORMALISATION.mean[i % C]) / NORMALISATION.std[i % C];
      labels.push(k);
    }
  }
  const model = buildModel({ arch: 'tsc', channels: C, classes: K, width: 4 }, { seed });
  const x = tf.tensor3d(xs, [K * per, L, C]);
  const y = tf.oneHot(tf.tensor1d(labels, 'int32'), K);
  model.compile({ optimizer: tf.train.adam(0.02), loss: 'categoricalCrossentropy' });
  try {
    for (let step = 0; step < 300; step++) {
      await model.trainOnBatch(x, y);
      if (step % 5 === 4) {
        const p = tf.tidy(() => (model.predict(x) as tf.Tensor).argMax(-1));
        const pred = p.dataSync();
        p.dispose();
        if (labels.every((l, i) => pred[i] === l)) break;
      }
    }
  } finally {
    tf.dispose([x, y]);
    model.optimizer.dispose();
  }
  return { model, artifacts: await serializeModel(tf, model) };
}

/** Stores the model in the data folder's database under `name`; returns its id. */
export function storeTinyModel(dataDir: string, artifacts: SerializedModel, name = 'tiny'): number {
  const store = Store.open(dataDir);
  try {
    return new ModelRepo(store.db).insert({
      name,
      arch: 'tsc',
      classes: TEST_CLASSES,
      channels: TEST_CHANNELS,
      sampleRate: TEST_RATE,
      window: { mode: 'fixed', length: TEST_WINDOW, stride: TEST_WINDOW / 2, rule: 'inside', majority: 0.5 },
      normalisation: NORMALISATION,
      config: { arch: 'tsc', width: 4 },
      metrics: null,
      params: 0,
      backend: 'cpu',
      durationS: 0,
      artifacts
    }).id;
  } finally {
    store.close();
  }
}

/** A CSV file (time,ax,ay) at TEST_RATE made of the given class segments (seconds each). */
export function writeSegmentsCsv(path: string, segments: Array<{ cls: number; seconds: number }>, seed = 1): void {
  const rand = rng(seed);
  const lines = ['time,ax,ay'];
  let t = 0;
  for (const seg of segments) {
    const n = Math.round(seg.seconds * TEST_RATE);
    const s = classSignal(seg.cls, n, rand);
    for (let i = 0; i < n; i++, t++) lines.push(`${(t / TEST_RATE).toFixed(3)},${s[2 * i].toFixed(4)},${s[2 * i + 1].toFixed(4)}`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}
