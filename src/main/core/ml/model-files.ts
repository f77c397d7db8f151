// A model as a folder that plain TensorFlow.js loads: model.json (topology + weights manifest),
// weights.bin, and sensorlab.json (classes, channels, sample rate, window, normalisation, config,
// metrics). Import checks every piece before anything is stored.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { ModelWindow, Normalisation, TrainMetrics, type ModelSummary } from '../../../shared/api/ml';
import { Channel } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { expectedWeightBytes } from './artifacts';
import type { NewModel } from './model-repo';
import type { SerializedModel } from './worker-protocol';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';
export const SENSORLAB_JSON = 'sensorlab.json';

const SensorlabFile = z.object({
  format: z.literal('sensorlab-model'),
  version: z.literal(1),
  name: z.string().min(1),
  arch: z.string().min(1),
  classes: z.array(z.string()).min(2),
  channels: z.array(Channel).min(1),
  sampleRate: z.number().positive(),
  window: ModelWindow,
  normalisation: Normalisation,
  config: z.record(z.string(), z.unknown()).default({}),
  metrics: TrainMetrics.nullable().default(null),
  params: z.number().int().nonnegative().default(0),
  backend: z.string().default('unknown'),
  durationS: z.number().default(0),
  createdAt: z.string().optional()
});

const ModelJson = z.object({
  modelTopology: z.record(z.string(), z.unknown()),
  format: z.string().optional(),
  weightsManifest: z
    .array(
      z.object({
        paths: z.array(z.string().regex(/^[\w.-]+$/, 'weight file names must be plain names in the same folder')).min(1),
        weights: z.array(z.object({ name: z.string(), shape: z.array(z.number().int().nonnegative()), dtype: z.string() }))
      })
    )
    .min(1)
});

/** Writes the three files into `dir` (created if missing; refuses a folder that already holds a model). */
export function exportModel(dirIn: string, summary: ModelSummary, artifacts: SerializedModel): { dir: string; files: string[] } {
  const dir = resolve(dirIn);
  if (existsSync(join(dir, MODEL_JSON)) || existsSync(join(dir, SENSORLAB_JSON))) {
    throw new AppError('CONFLICT', `${dir} already holds a model; choose an empty folder`);
  }
  mkdirSync(dir, { recursive: true });
  const modelJson = {
    format: 'layers-model',
    generatedBy: 'SensorLab',
    convertedBy: null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs }]
  };
  const { id: _id, ...meta } = summary;
  const sensorlab = { format: 'sensorlab-model', version: 1, ...meta };
  writeFileSync(join(dir, WEIGHTS_BIN), Buffer.from(artifacts.weightData));
  writeFileSync(join(dir, MODEL_JSON), JSON.stringify(modelJson));
  writeFileSync(join(dir, SENSORLAB_JSON), JSON.stringify(sensorlab, null, 1));
  return { dir, files: [MODEL_JSON, WEIGHTS_BIN, SENSORLAB_JSON].map((f) => join(dir, f)) };
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new AppError('NOT_FOUND', `cannot read ${path}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new AppError('INVALID_FILE', `${path} is not valid JSON: ${(err as Error).message}`);
  }
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, path: string): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new AppError('INVALID_FILE', `${path}: ${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
  }
  return r.data;
}

/** Reads and checks a model folder; the model itself is loaded by the caller (ML host) to check it builds. */
export function readModelFolder(dirIn: string): Omit<NewModel, 'name'> & { name: string } {
  const dir = resolve(dirIn);
  const mj = parseWith(ModelJson, readJson(join(dir, MODEL_JSON)), join(dir, MODEL_JSON));
  const meta = parseWith(SensorlabFile, readJson(join(dir, SENSORLAB_JSON)), join(dir, SENSORLAB_JSON));
  const specs = mj.weightsManifest.flatMap((g) => g.weights);
  const parts = mj.weightsManifest.flatMap((g) => g.paths).map((p) => {
    try {
      return readFileSync(join(dir, p));
    } catch (err) {
      throw new AppError('INVALID_FILE', `cannot read weight file ${p}: ${(err as Error).message}`);
    }
  });
  const bytes = Buffer.concat(parts);
  let expected: number;
  try {
    expected = expectedWeightBytes(specs);
  } catch (err) {
    throw new AppError('INVALID_FILE', `${join(dir, MODEL_JSON)}: ${(err as Error).message}`);
  }
  if (bytes.length !== expected) {
    throw new AppError('INVALID_FILE', `the weight files hold ${bytes.length} bytes but model.json describes ${expected}`);
  }
  if (meta.normalisation.mean.length !== meta.channels.length || meta.normalisation.std.length !== meta.channels.length) {
    throw new AppError('INVALID_FILE', `${SENSORLAB_JSON}: normalisation does not match the ${meta.channels.length} channel(s)`);
  }
  return {
    name: meta.name,
    arch: meta.arch,
    classes: meta.classes,
    channels: meta.channels,
    sampleRate: meta.sampleRate,
    window: meta.window,
    normalisation: meta.normalisation,
    config: meta.config,
    metrics: meta.metrics,
    params: meta.params,
    backend: meta.backend,
    durationS: meta.durationS,
    createdAt: meta.createdAt,
    artifacts: {
      modelTopology: mj.modelTopology,
      weightSpecs: specs.map((s) => ({ name: s.name, shape: s.shape, dtype: s.dtype })),
      weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
    }
  };
}
