/**
 * Inference with BatchNorm folded into the convolutions: the same function as `model.predict`, with
 * less work. For every Conv1D whose only consumer is a BatchNormalization (inference mode: moving
 * statistics), the pair becomes one convolution with scaled weights and a bias,
 *   W' = W·γ/√(σ²+ε),  b' = (b − μ)·γ/√(σ²+ε) + β,
 * and a ReLU that is the BatchNorm's only consumer runs inside the same fused kernel
 * (`tf.fused.conv2d`, XNNPACK's clamp on WASM). Everything else runs its own layer eagerly
 * (`layer.apply`), in the model's topological order; intermediates are disposed after their last use.
 *
 * The 1-D ResNets spend 10–20 % of a WASM inference in FusedBatchNorm (single-threaded) and ReLU
 * passes over every activation: `npm run bench ml` times both paths. Results equal `model.predict`
 * to float rounding (tested in test/unit/inference-plan.test.ts).
 *
 * Models this cannot walk (shared layers, several inputs/outputs, nested models) get a plan that
 * simply calls `model.predict`, so callers never need a second code path.
 */
import * as tf from '@tensorflow/tfjs';

type Layer = tf.layers.Layer;

export interface InferencePlan {
  /** Model outputs for x [batch, time, channels]; the caller disposes the result. */
  predict(x: tf.Tensor): tf.Tensor;
  /** How many Conv1D+BatchNorm pairs were folded (0: plain model.predict). */
  readonly folded: number;
  /** Frees the folded weights (not the model's). */
  dispose(): void;
}

interface FoldedConv {
  kind: 'folded';
  /** The layer whose output this step produces (the BatchNorm, or the ReLU after it). */
  output: string;
  input: string;
  filter: tf.Tensor4D;
  bias: tf.Tensor1D;
  strides: [number, number];
  pad: 'same' | 'valid';
  dilations: [number, number];
  relu: boolean;
}

interface LayerStep {
  kind: 'layer';
  output: string;
  inputs: string[];
  layer: Layer;
}

type Step = FoldedConv | LayerStep;

const plainPlan = (model: tf.LayersModel): InferencePlan => ({
  predict: (x) => model.predict(x) as tf.Tensor,
  folded: 0,
  dispose: () => undefined
});

const num = (v: unknown): number => (Array.isArray(v) ? Number(v[0]) : Number(v));

/** The layers feeding `layer` (by name), or null when the layer is used more than once. */
function inputsOf(layer: Layer): string[] | null {
  const nodes = layer.inboundNodes;
  if (nodes.length !== 1) return null;
  return nodes[0].inboundLayers.map((l) => l.name);
}

function isRelu(layer: Layer): boolean {
  const cls = layer.getClassName();
  if (cls === 'ReLU') {
    const c = layer.getConfig();
    return c.maxValue == null && !Number(c.threshold ?? 0) && !Number(c.negativeSlope ?? 0);
  }
  return cls === 'Activation' && layer.getConfig().activation === 'relu';
}

type FoldedWeights = Omit<FoldedConv, 'kind' | 'output' | 'input' | 'relu'>;

/** Folds a Conv1D and its BatchNorm into one filter and bias; null when their configs do not allow it. */
function fold(conv: Layer, bn: Layer): FoldedWeights | null {
  const cc = conv.getConfig();
  const bc = bn.getConfig();
  const padding = cc.padding === 'same' ? 'same' : cc.padding === 'valid' ? 'valid' : null;
  if (padding === null || (cc.activation ?? 'linear') !== 'linear') return null;
  if (num(bc.axis) !== -1 && num(bc.axis) !== 2) return null;
  const cw = conv.getWeights();
  const bw = bn.getWeights();
  const center = bc.center !== false;
  const scale = bc.scale !== false;
  if (bw.length !== Number(center) + Number(scale) + 2) return null;
  const epsilon = Number(bc.epsilon ?? 1e-3);
  return tf.tidy((): FoldedWeights => {
    let i = 0;
    const kernel = cw[0] as tf.Tensor3D; // [k, in, out]
    const out = kernel.shape[2];
    const gamma = scale ? bw[i++] : tf.ones([out]);
    const beta = center ? bw[i++] : tf.zeros([out]);
    const mean = bw[i++];
    const variance = bw[i++];
    const k = tf.div(gamma, tf.sqrt(tf.add(variance, epsilon)));
    const convBias = cw.length > 1 ? cw[1] : tf.zeros([out]);
    const filter = tf.keep(tf.expandDims(tf.mul(kernel, k), 0) as tf.Tensor4D);
    const bias = tf.keep(tf.add(tf.mul(tf.sub(convBias, mean), k), beta) as tf.Tensor1D);
    return { filter, bias, strides: [1, num(cc.strides)] as [number, number], pad: padding, dilations: [1, num(cc.dilationRate ?? 1)] as [number, number] };
  });
}

/** Builds the plan once per loaded model; the model must stay alive while the plan is used. */
export function compileInference(model: tf.LayersModel): InferencePlan {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) return plainPlan(model);
  const layers = model.layers;
  const byName = new Map(layers.map((l) => [l.name, l]));
  const inputs = new Map<string, string[]>();
  const consumers = new Map<string, string[]>();
  for (const l of layers) {
    if (l.getClassName() === 'InputLayer') continue;
    const ins = inputsOf(l);
    if (!ins || ins.some((n) => !byName.has(n)) || l instanceof tf.LayersModel) return plainPlan(model);
    inputs.set(l.name, ins);
    for (const n of ins) consumers.set(n, [...(consumers.get(n) ?? []), l.name]);
  }
  const inputName = model.inputLayers[0].name;
  const outputName = model.outputLayers[0].name;
  const onlyConsumer = (name: string): Layer | null => {
    const c = consumers.get(name) ?? [];
    return c.length === 1 && name !== outputName ? (byName.get(c[0]) ?? null) : null;
  };

  const steps: Step[] = [];
  const absorbed = new Set<string>();
  try {
    for (const l of layers) {
      if (l.getClassName() === 'InputLayer' || absorbed.has(l.name)) continue;
      const bn = l.getClassName() === 'Conv1D' ? onlyConsumer(l.name) : null;
      const folded = bn && bn.getClassName() === 'BatchNormalization' ? fold(l, bn) : null;
      if (bn && folded) {
        const after = onlyConsumer(bn.name);
        const relu = after !== null && isRelu(after);
        absorbed.add(bn.name);
        if (relu) absorbed.add(after.name);
        steps.push({ kind: 'folded', output: relu ? after.name : bn.name, input: inputs.get(l.name)![0], relu, ...folded });
      } else {
        steps.push({ kind: 'layer', output: l.name, inputs: inputs.get(l.name)!, layer: l });
      }
    }
  } catch (err) {
    disposeSteps(steps);
    throw err;
  }
  const foldedCount = steps.filter((s) => s.kind === 'folded').length;
  if (foldedCount === 0) return plainPlan(model);

  // How many later steps read each value, so that each is disposed after its last reader.
  const reads = new Map<string, number>();
  for (const s of steps) for (const n of s.kind === 'folded' ? [s.input] : s.inputs) reads.set(n, (reads.get(n) ?? 0) + 1);

  return {
    folded: foldedCount,
    dispose: () => disposeSteps(steps),
    predict: (x) =>
      tf.tidy(() => {
        const values = new Map<string, tf.Tensor>([[inputName, x]]);
        const left = new Map(reads);
        const take = (name: string): tf.Tensor => {
          const v = values.get(name);
          if (!v) throw new Error(`inference plan: no value for layer ${name}`);
          return v;
        };
        const release = (name: string): void => {
          const n = (left.get(name) ?? 0) - 1;
          left.set(name, n);
          if (n <= 0 && name !== inputName) {
            values.get(name)?.dispose();
            values.delete(name);
          }
        };
        for (const s of steps) {
          let y: tf.Tensor;
          if (s.kind === 'folded') {
            const v = take(s.input) as tf.Tensor3D;
            const out = tf.fused.conv2d({
              x: tf.expandDims(v, 1) as tf.Tensor4D, filter: s.filter, strides: s.strides, pad: s.pad,
              dilations: s.dilations, bias: s.bias, activation: s.relu ? 'relu' : 'linear'
            });
            y = tf.squeeze(out, [1]);
            release(s.input);
          } else {
            const ins = s.inputs.map(take);
            y = s.layer.apply(ins.length === 1 ? ins[0] : ins, { training: false }) as tf.Tensor;
            s.inputs.forEach(release);
          }
          values.set(s.output, y);
        }
        return take(outputName);
      })
  };
}

function disposeSteps(steps: Step[]): void {
  for (const s of steps) if (s.kind === 'folded') tf.dispose([s.filter, s.bias]);
}
