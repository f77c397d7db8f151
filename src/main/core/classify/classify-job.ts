// classify.start: read → windows → batched inference in the ML host → merge, for every input, as one
// job shared by the UI, the WebSocket and the CLI. A file that cannot be read or does not fit the
// model is reported and the batch goes on. Memory: a parsed file's kept channels are buffered (4 bytes
// a value, e.g. 4.3 MB for one hour of 6 channels at 50 Hz) until its windows are batched; library
// recordings are read block by block; at most one open batch and two in flight exist at a time.
import { basename } from 'node:path';
import type { ClassifyInput, ClassifyResult } from '../../../shared/api/classify';
import { AppError, toErrorEnvelope } from '../../../shared/errors';
import type { CoreContext } from '../context';
import type { JobContext } from '../jobs/job-runner';
import { WindowBatcher } from './batcher';
import { ratesMatch } from './fit';
import { collectInputs, type Input, readFileUnits, recordingUnit, type Unit, unitKey } from './inputs';
import { type ClassifierModel, loadClassifierModel } from './model-source';
import { PendingItem } from './pending-item';
import { ResampledSource } from './series';
import { finishItems } from './finish';
import { tidySpans } from './truth';
import { fillWindows, planWindows } from './windows';

/** Windows per prediction request. */
export const BATCH_WINDOWS = 512;

export interface PreparedClassify {
  title: string;
  model: ClassifierModel;
  inputs: Input[];
  run(job: JobContext): Promise<ClassifyResult>;
}

/** Checks the model and the inputs now (errors reach the caller before any job starts). */
export function prepareClassify(ctx: CoreContext, input: ClassifyInput): PreparedClassify {
  const predictFn = ctx.ml.predict?.bind(ctx.ml);
  if (!predictFn) throw new AppError('INTERNAL', 'this core was created with an ML host that cannot predict');
  const model = loadClassifierModel(ctx.store, input.model);
  const inputs = collectInputs(ctx.store, input);
  if (inputs.length === 0) throw new AppError('BAD_REQUEST', 'nothing to classify');
  const what = inputs.length === 1 ? (inputs[0].kind === 'file' ? basename(inputs[0].path) : inputs[0].rec.name) : `${inputs.length} inputs`;
  return {
    title: `Classify ${what} with ${model.name}`,
    model,
    inputs,
    run: (job) => runClassify(ctx, predictFn, model, inputs, input, job)
  };
}

type Predict = NonNullable<CoreContext['ml']['predict']>;

async function runClassify(
  ctx: CoreContext,
  predict: Predict,
  model: ClassifierModel,
  inputs: Input[],
  opts: ClassifyInput,
  job: JobContext
): Promise<ClassifyResult> {
  const t0 = performance.now();
  const K = model.classes.length;
  const L = model.window.length;
  const C = model.channels.length;
  const stride = opts.stride ?? model.window.stride;
  const mode = model.window.mode;
  const failed: ClassifyResult['failed'] = [];
  const items: PendingItem[] = [];
  const parsed = new Float64Array(inputs.length);
  const closedInputs = new Set<number>();
  const totalWeight = inputs.reduce((s, i) => s + Math.max(1, i.size), 0);
  let lastReport = 0;
  let current = '';
  /** Units of the current input that could not be windowed (too short). */
  const unitProblems: string[] = [];

  const report = (force = false) => {
    const now = performance.now();
    if (!force && now - lastReport < 200) return;
    lastReport = now;
    const byInput = new Map<number, { done: number; total: number }>();
    for (const it of items) {
      const e = byInput.get(it.inputIndex) ?? { done: 0, total: 0 };
      e.done += it.predicted;
      e.total += it.sent.reduce((a, b) => a + b, 0) || 0;
      byInput.set(it.inputIndex, e);
    }
    let f = 0;
    let filesDone = 0;
    inputs.forEach((inp, i) => {
      const e = byInput.get(i);
      const pred = e && e.total > 0 ? e.done / e.total : closedInputs.has(i) ? 1 : 0;
      const frac = closedInputs.has(i) && (!e || e.done >= e.total) ? 1 : 0.1 * parsed[i] + 0.9 * pred;
      if (frac >= 1) filesDone++;
      f += (Math.max(1, inp.size) / totalWeight) * frac;
    });
    const elapsed = (now - t0) / 1000;
    const windowsDone = batcher.windowsDone;
    job.progress({
      done: filesDone,
      total: inputs.length,
      unit: 'files',
      message: current,
      extra: {
        windowsDone,
        windowsPerS: elapsed > 0 ? windowsDone / elapsed : 0,
        etaS: f > 0.01 ? (elapsed * (1 - f)) / f : null,
        fraction: f,
        failed: failed.length
      }
    });
  };

  const batcher = new WindowBatcher(
    (x, n) => predict({ model: model.artifacts, modelKey: model.key, x, n, length: L, channels: C }, job.signal),
    BATCH_WINDOWS,
    L * C,
    K,
    2,
    () => report()
  );

  const fail = (label: string, err: unknown) => {
    const env = toErrorEnvelope(err);
    failed.push({ file: label, code: env.code, message: env.message });
  };

  try {
    for (const [i, inp] of inputs.entries()) {
      job.throwIfCancelled();
      const label = inp.kind === 'file' ? inp.path : `library:${inp.rec.id} ${inp.rec.name}`;
      current = `${inp.kind === 'file' ? basename(inp.path) : inp.rec.name} (${i + 1}/${inputs.length})`;
      report(true);
      let units: Unit[];
      try {
        units =
          inp.kind === 'file'
            ? await readFileUnits(inp.path, model, { sampleRate: opts.sampleRate, resample: opts.resample }, job.signal, (b) => {
                parsed[i] = inp.size > 0 ? Math.min(1, b / inp.size) : 1;
                report();
              })
            : [recordingUnit(ctx.store, inp.rec, model, opts.resample)];
      } catch (err) {
        if (job.signal.aborted) throw err;
        fail(label, err);
        closedInputs.add(i);
        continue;
      }
      parsed[i] = 1;
      const usable = units.filter((u) => u.source !== null);
      const skippedNotes = units.filter((u) => u.source === null).map((u) => `${u.name}: ${u.problem}`);
      if (usable.length === 0) {
        fail(label, new AppError('INVALID_FILE', skippedNotes.length === 1 ? (units[0].problem as string) : skippedNotes.join('; ')));
        closedInputs.add(i);
        continue;
      }
      let queued = 0;
      for (const [j, u] of usable.entries()) {
        const warnings = [...u.warnings, ...(j === 0 && skippedNotes.length ? skippedNotes.map((s) => `not classified: ${s}`) : [])];
        const item = startItem(u, i, warnings);
        if (!item) continue;
        queued++;
        items.push(item);
        const source = ratesMatch(u.sampleRate, model.sampleRate) ? u.source! : new ResampledSource(u.source!, u.sampleRate, model.sampleRate);
        for (let w = 0; w < item.windowCount; ) {
          job.throwIfCancelled();
          const take = Math.min(batcher.free, item.windowCount - w);
          const { buffer, slot } = batcher.open;
          const written = fillWindows(source, item.grid, w, w + take, L, model.normalisation, buffer, slot);
          const sent: number[] = [];
          written.forEach((ok, k) => ok && sent.push(w + k));
          item.markSent(sent);
          batcher.commit(item, sent);
          w += take;
          await batcher.maybeSend();
        }
        item.close();
      }
      if (queued === 0) fail(label, new AppError('INVALID_FILE', unitProblems.join('; ')));
      else if (unitProblems.length > 0) items[items.length - queued].warnings.push(...unitProblems.map((p) => `not classified: ${p}`));
      unitProblems.length = 0;
      closedInputs.add(i);
      await batcher.flush();
    }
    await batcher.drain();
  } catch (err) {
    await batcher.settle();
    throw err;
  }
  report(true);
  const seconds = (performance.now() - t0) / 1000;
  const { items: results, metrics } = finishItems(items, model, opts);
  const windows = results.reduce((s, r) => s + r.windows, 0);
  return {
    model: { id: model.id, name: model.name, classes: model.classes, sampleRate: model.sampleRate, window: L, stride: mode === 'auto' ? L : stride, mode },
    options: { minConfidence: opts.minConfidence, minDurationS: opts.minDurationS },
    items: results,
    failed,
    metrics,
    stats: {
      files: inputs.length,
      windows,
      seconds,
      windowsPerS: seconds > 0 ? windows / seconds : 0,
      filesPerS: seconds > 0 ? inputs.length / seconds : 0,
      predictS: batcher.waitS,
      backend: ctx.ml.current()?.detail ?? null
    }
  };

  function startItem(u: Unit, inputIndex: number, warnings: string[]): PendingItem | null {
    const length = ratesMatch(u.sampleRate, model.sampleRate) ? u.source!.length : new ResampledSource(u.source!, u.sampleRate, model.sampleRate).length;
    let grid;
    try {
      grid = planWindows(length, L, stride, mode);
    } catch (err) {
      unitProblems.push(u.ofFile > 1 ? `${u.name}: ${(err as Error).message}` : (err as Error).message);
      return null;
    }
    const scale = model.sampleRate / u.sampleRate;
    const truth = tidySpans(u.spans, u.numSamples).map((s) => ({ start: s.start * scale, end: s.end * scale, label: s.label }));
    const id = {
      file: u.file,
      index: u.index,
      ofFile: u.ofFile,
      key: unitKey(u),
      name: u.name,
      recordingId: u.recordingId,
      sampleRate: u.sampleRate,
      numSamples: u.numSamples
    };
    return new PendingItem(id, grid, K, truth, warnings, inputIndex);
  }
}
