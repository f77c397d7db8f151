// The training loop (runs where TensorFlow.js lives: the ML worker). Our own loop over
// optimizer.minimize, so a cancel takes effect before the next batch; every step runs inside
// tf.tidy, so a failing step frees what it made. Weighted softmax cross-entropy on the logits,
// Adam, the schedule of schedule.ts, the best epoch's weights kept.
import * as tf from '@tensorflow/tfjs';
import type { BackendInfo } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { serializeModel } from './artifacts';
import { DEFAULT_AUGMENT, gatherBatch } from './augment';
import { buildModel, countParams, logitsModel } from './models/index';
import { mulberry32, shuffle } from './rng';
import { TrainingMonitor } from './schedule';
import type { EpochRecord, ExampleSet, TrainOutput, TrainProgress, TrainRequest, TrainSpec } from './worker-protocol';

export interface TrainHooks {
  cancelled(): boolean;
  progress(p: TrainProgress): void;
  /** Called after each batch (test hooks). */
  afterBatch?(count: number): void;
  backend: BackendInfo;
}

const EVAL_BATCH = 256;

function cancelError(): AppError {
  return new AppError('CANCELLED', 'cancelled by the user');
}

/** Mean cross-entropy, accuracy and softmax outputs of `net` (logits) on a set, in inference mode. */
export async function evaluateSet(
  net: tf.LayersModel,
  set: ExampleSet,
  spec: Pick<TrainSpec, 'length' | 'channels' | 'classes'>,
  cancelled: () => boolean
): Promise<{ loss: number; accuracy: number; probs: Float32Array }> {
  const per = spec.length * spec.channels;
  const probs = new Float32Array(set.n * spec.classes);
  let lossSum = 0;
  let right = 0;
  for (let i = 0; i < set.n; i += EVAL_BATCH) {
    if (cancelled()) throw cancelError();
    const b = Math.min(EVAL_BATCH, set.n - i);
    const [loss, p, hits] = tf.tidy(() => {
      const x = tf.tensor3d(set.x.subarray(i * per, (i + b) * per), [b, spec.length, spec.channels]);
      const y = tf.tensor1d(set.y.subarray(i, i + b), 'int32');
      const logits = net.predict(x) as tf.Tensor2D;
      const ce = tf.losses.softmaxCrossEntropy(tf.oneHot(y, spec.classes), logits, undefined, undefined, tf.Reduction.SUM);
      const correct = tf.equal(logits.argMax(-1), y).sum();
      return [ce, tf.softmax(logits), correct];
    });
    try {
      lossSum += (await loss.data())[0];
      probs.set(await p.data(), i * spec.classes);
      right += (await hits.data())[0];
    } finally {
      tf.dispose([loss, p, hits]);
    }
  }
  return { loss: set.n ? lossSum / set.n : NaN, accuracy: set.n ? right / set.n : NaN, probs };
}

export async function trainModel(req: TrainRequest, hooks: TrainHooks): Promise<TrainOutput> {
  const { spec, train, val } = req;
  const model = buildModel(
    { arch: spec.arch, channels: spec.channels, classes: spec.classes, width: spec.width, length: spec.length },
    { seed: spec.seed }
  );
  const net = logitsModel(model);
  const optimizer = tf.train.adam(spec.learningRate);
  const setLr = (lr: number) => {
    (optimizer as unknown as { learningRate: number }).learningRate = lr;
  };
  const monitor = new TrainingMonitor({ learningRate: spec.learningRate, epochs: spec.epochs, patience: spec.patience, schedule: spec.lrSchedule });
  const rng = mulberry32(spec.seed ^ 0x5eed);
  const per = spec.length * spec.channels;
  const B = Math.min(spec.batchSize, train.n);
  const batches = Math.ceil(train.n / B);
  const buffer = new Float32Array(B * per);
  const weightOf = spec.classWeights ? Float32Array.from(spec.classWeights) : null;
  const history: EpochRecord[] = [];
  let best: tf.Tensor[] | null = null;
  let stoppedEarly = false;
  let batchCount = 0;
  let trainedSamples = 0;
  let trainSeconds = 0;
  const order = Array.from({ length: train.n }, (_, i) => i);
  try {
    for (let e = 0; e < spec.epochs; e++) {
      const lr = monitor.rateFor(e);
      setLr(lr);
      const t0 = performance.now();
      shuffle(order, rng);
      let lossSum = 0;
      let right = 0;
      let seen = 0;
      for (let bi = 0; bi < batches; bi++) {
        if (hooks.cancelled()) throw cancelError();
        const idx = order.slice(bi * B, Math.min(train.n, (bi + 1) * B));
        const b = idx.length;
        gatherBatch(train.x, idx, spec.length, spec.channels, buffer, spec.augment ? { rng, options: DEFAULT_AUGMENT } : null);
        const labels = Int32Array.from(idx, (i) => train.y[i]);
        const held: { hits: tf.Tensor | null; cost: tf.Scalar | null } = { hits: null, cost: null };
        try {
          held.cost = tf.tidy(() => {
            const x = tf.tensor3d(buffer.subarray(0, b * per), [b, spec.length, spec.channels]);
            const y = tf.tensor1d(labels, 'int32');
            const w = weightOf ? tf.tensor1d(Float32Array.from(labels, (c) => weightOf[c])) : undefined;
            return optimizer.minimize(() => {
              const logits = net.apply(x, { training: true }) as tf.Tensor2D;
              held.hits = tf.keep(tf.equal(logits.argMax(-1), y).sum());
              return tf.losses.softmaxCrossEntropy(tf.oneHot(y, spec.classes), logits, w) as tf.Scalar;
            }, true) as tf.Scalar;
          });
          lossSum += (await held.cost.data())[0] * b;
          right += held.hits ? (await held.hits.data())[0] : 0;
        } finally {
          if (held.cost) held.cost.dispose();
          if (held.hits) held.hits.dispose();
        }
        seen += b;
        batchCount++;
        hooks.afterBatch?.(batchCount);
        const elapsed = trainSeconds + (performance.now() - t0) / 1000;
        const rate = (trainedSamples + seen) / Math.max(elapsed, 1e-9);
        const remaining = (spec.epochs - e) * train.n - seen;
        hooks.progress({
          phase: 'batch', epoch: e + 1, epochs: spec.epochs, batch: bi + 1, batches,
          loss: lossSum / seen, accuracy: right / seen, valLoss: null, valAccuracy: null, lr,
          samplesPerS: rate, etaS: remaining / rate, numTensors: tf.memory().numTensors,
          backend: hooks.backend.backend, device: hooks.backend.device, lastEpoch: history[history.length - 1] ?? null, history: history.slice()
        });
        await new Promise((r) => setImmediate(r)); // let messages in between batches
      }
      trainedSamples += seen;
      trainSeconds += (performance.now() - t0) / 1000;
      const v = val && val.n > 0 ? await evaluateSet(net, val, spec, hooks.cancelled) : null;
      const monitored = v ? v.loss : lossSum / seen;
      const verdict = monitor.update(e, monitored);
      if (verdict.improved) {
        const snapshot = model.getWeights().map((t) => tf.clone(t));
        if (best) tf.dispose(best);
        best = snapshot;
      }
      const rec: EpochRecord = {
        epoch: e + 1, loss: lossSum / seen, accuracy: right / seen, valLoss: v?.loss ?? null, valAccuracy: v?.accuracy ?? null,
        lr, seconds: (performance.now() - t0) / 1000
      };
      history.push(rec);
      const rate = trainedSamples / Math.max(trainSeconds, 1e-9);
      hooks.progress({
        phase: 'epoch', epoch: e + 1, epochs: spec.epochs, batch: batches, batches, loss: rec.loss, accuracy: rec.accuracy,
        valLoss: rec.valLoss, valAccuracy: rec.valAccuracy, lr, samplesPerS: rate,
        etaS: ((spec.epochs - e - 1) * train.n) / rate, numTensors: tf.memory().numTensors,
        backend: hooks.backend.backend, device: hooks.backend.device, lastEpoch: rec, history: history.slice()
      });
      if (verdict.stop && e + 1 < spec.epochs) {
        stoppedEarly = true;
        break;
      }
    }
    if (best) model.setWeights(best);
    const valProbs = val && val.n > 0 ? (await evaluateSet(net, val, spec, hooks.cancelled)).probs : null;
    return {
      model: await serializeModel(tf, model),
      history,
      bestEpoch: monitor.bestEpochNumber || history.length,
      stoppedEarly,
      valProbs,
      samplesPerS: trainedSamples / Math.max(trainSeconds, 1e-9),
      params: countParams(model).trainable,
      backend: hooks.backend
    };
  } finally {
    if (best) tf.dispose(best);
    optimizer.dispose();
    model.dispose(); // also frees the weights `net` shares

  }
}
