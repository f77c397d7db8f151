// Moving models in and out of TensorFlow.js without file IO: save through withSaveHandler into a
// SerializedModel, load back through fromMemory. Works on every backend, tfjs-node not needed.
import type * as tfType from '@tensorflow/tfjs';
import type { SerializedModel } from './worker-protocol';

type Tf = typeof tfType;

export async function serializeModel(tf: Tf, model: tfType.LayersModel): Promise<SerializedModel> {
  let saved: tfType.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    })
  );
  const a = saved as tfType.io.ModelArtifacts | null;
  if (!a || !a.modelTopology || !a.weightSpecs || !a.weightData) throw new Error('model.save gave no topology or weights');
  return {
    modelTopology: a.modelTopology,
    weightSpecs: a.weightSpecs.map((w) => ({ name: w.name, shape: [...w.shape], dtype: w.dtype })),
    weightData: tf.io.CompositeArrayBuffer.join(a.weightData)
  };
}

export async function deserializeModel(tf: Tf, m: SerializedModel): Promise<tfType.LayersModel> {
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: m.modelTopology as tfType.io.ModelArtifacts['modelTopology'],
      weightSpecs: m.weightSpecs as tfType.io.WeightsManifestEntry[],
      weightData: m.weightData
    })
  );
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, float16: 2 };

/** Bytes the weight specs call for (throws on a dtype we do not know). */
export function expectedWeightBytes(specs: SerializedModel['weightSpecs']): number {
  return specs.reduce((sum, s) => {
    const b = BYTES[s.dtype];
    if (!b) throw new Error(`weight ${s.name} has unsupported dtype ${s.dtype}`);
    return sum + b * s.shape.reduce((a, d) => a * d, 1);
  }, 0);
}

/** Weight count (every weight, BatchNorm statistics included). */
export function weightCount(specs: SerializedModel['weightSpecs']): number {
  return specs.reduce((sum, s) => sum + s.shape.reduce((a, d) => a * d, 1), 0);
}
