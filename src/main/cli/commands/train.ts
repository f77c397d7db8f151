import type { TrainResult } from '../../../shared/api/ml';
import type { JobInfo } from '../../../shared/domain';
import type { Core } from '../../core';
import type { EpochRecord } from '../../core/ml/worker-protocol';
import { call, type Command, EXIT_OK, followJob, type Io, jobResult, numberFlag, parse, UsageError } from '../io';
import { formatMetrics, idList } from './evaluate';

/** "auto" | "128" (samples) | "2.5s" (seconds). */
export function parseLength(value: string | undefined, flag: string): { value: number | 'auto'; seconds: boolean } | undefined {
  if (value === undefined) return undefined;
  if (value === 'auto') return { value: 'auto', seconds: false };
  const m = /^(\d+(?:\.\d+)?)(s)?$/.exec(value.trim());
  const n = m ? Number(m[1]) : NaN;
  if (!m || !(n > 0)) throw new UsageError(`--${flag} must be a number of samples, seconds like 2.5s, or auto (got ${JSON.stringify(value)})`);
  return { value: n, seconds: Boolean(m[2]) };
}

const f3 = (v: number | null) => (v === null ? '–' : v.toFixed(3));

function epochLine(e: EpochRecord, epochs: number, extra: Record<string, unknown>): string {
  const val = e.valLoss !== null ? ` val_loss ${f3(e.valLoss)} val_acc ${f3(e.valAccuracy)}` : '';
  const rate = typeof extra.samplesPerS === 'number' ? `, ${extra.samplesPerS.toFixed(1)} samples/s` : '';
  const eta = typeof extra.etaS === 'number' && Number.isFinite(extra.etaS) ? `, ETA ${Math.round(extra.etaS)} s` : '';
  return `epoch ${e.epoch}/${epochs}: loss ${f3(e.loss)} acc ${f3(e.accuracy)}${val} lr ${e.lr.toPrecision(3)} (${e.seconds.toFixed(1)} s${rate}${eta}) [${extra.backend}/${extra.device}]`;
}

/**
 * One line per finished epoch on stderr, in order, none missed (progress events are throttled, so
 * each carries the whole history); on a terminal the current batch redraws in place. The returned
 * function stops listening and prints the epochs of `final` not printed yet.
 */
function printEpochs(core: Core, jobId: string, io: Io, requested: number | undefined): (final?: EpochRecord[]) => void {
  let printed = 0;
  let epochs = requested ?? 0;
  const print = (history: readonly EpochRecord[], extra: Record<string, unknown>): void => {
    for (const e of history) {
      if (e.epoch <= printed) continue;
      printed = e.epoch;
      io.err(epochLine(e, epochs, extra));
    }
  };
  let lastExtra: Record<string, unknown> = {};
  const off = core.jobs.on((job: JobInfo) => {
    if (job.id !== jobId || job.state !== 'running') return;
    const extra = job.progress.extra ?? {};
    lastExtra = extra;
    if (typeof extra.epochs === 'number') epochs = extra.epochs;
    if (io.tty) process.stderr.write('\r\x1b[K');
    if (Array.isArray(extra.history)) print(extra.history as EpochRecord[], extra);
    if (io.tty && job.progress.message) process.stderr.write(job.progress.message);
  });
  return (final) => {
    off();
    if (final) print(final, lastExtra);
  };
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'Train a classifier (1-D ResNet) on labelled recordings',
  usage:
    'sensorlab train (--tag T… | --recordings ID,ID…) [--val-tag V | --val-split F] [--arch tsc] [--width W]\n' +
    '       [--window N|Ns|auto] [--stride N|Ns] [--rule inside|majority] [--majority F] [--epochs N] [--batch B]\n' +
    '       [--lr R] [--patience N] [--schedule plateau|cosine|constant] [--no-augment] [--no-class-weights]\n' +
    '       [--name M] [--seed N] [--preview] [--data-dir D] [--json]',
  async run({ args, io, core }) {
    const { values } = parse(
      args,
      {
        tag: { type: 'string', multiple: true },
        recordings: { type: 'string', multiple: true },
        'val-tag': { type: 'string' },
        'val-split': { type: 'string' },
        arch: { type: 'string' },
        width: { type: 'string' },
        window: { type: 'string' },
        stride: { type: 'string' },
        rule: { type: 'string' },
        majority: { type: 'string' },
        epochs: { type: 'string' },
        batch: { type: 'string' },
        lr: { type: 'string' },
        patience: { type: 'string' },
        schedule: { type: 'string' },
        'no-augment': { type: 'boolean' },
        'no-class-weights': { type: 'boolean' },
        name: { type: 'string' },
        seed: { type: 'string' },
        preview: { type: 'boolean' }
      },
      false
    );
    if (!values.tag && !values.recordings) throw new UsageError('choose the recordings with --tag T… or --recordings ID,ID…');
    if (values.tag && values.recordings) throw new UsageError('give --tag or --recordings, not both');
    if (values['val-tag'] !== undefined && values['val-split'] !== undefined) throw new UsageError('give --val-tag or --val-split, not both');
    const win = parseLength(values.window, 'window');
    const stride = parseLength(values.stride, 'stride');
    if (stride?.value === 'auto') throw new UsageError('--stride cannot be auto');
    if (win && stride && win.value !== 'auto' && win.seconds !== stride.seconds) {
      throw new UsageError('give --window and --stride in the same unit (both samples or both seconds)');
    }
    const int = (v: string | undefined, name: string, min: number) => numberFlag(v, name, (n) => Number.isInteger(n) && n >= min);
    const data = {
      tags: values.tag,
      recordingIds: idList(values.recordings, 'recordings'),
      valTag: values['val-tag'],
      valSplit: numberFlag(values['val-split'], 'val-split', (n) => n >= 0 && n <= 0.9),
      window: win?.value ?? 'auto',
      stride: typeof stride?.value === 'number' ? stride.value : null,
      unit: (win?.seconds || stride?.seconds ? 'seconds' : 'samples') as 'seconds' | 'samples',
      rule: values.rule as 'inside' | 'majority' | undefined,
      majority: numberFlag(values.majority, 'majority', (n) => n >= 0.5 && n <= 1),
      seed: int(values.seed, 'seed', 0)
    };
    if (data.rule !== undefined && data.rule !== 'inside' && data.rule !== 'majority') throw new UsageError('--rule must be inside or majority');
    const c = core();
    if (values.preview) {
      const p = await call(c, 'train.preview', data);
      if (values.json) io.out(JSON.stringify(p));
      else {
        io.out(`window ${p.window.length} samples (${p.window.mode}), stride ${p.window.stride}; ${p.recordings.train.length} training / ${p.recordings.val.length} validation recording(s)`);
        for (const k of p.classes) io.out(`  ${k.name}: ${k.train} train, ${k.val} val`);
        io.out(`windows: ${p.windows.train} train, ${p.windows.val} val; skipped (NaN): ${p.skippedNaN.train} train, ${p.skippedNaN.val} val`);
        for (const w of p.warnings) io.out(`warning: ${w}`);
      }
      return EXIT_OK;
    }
    const schedule = values.schedule;
    if (schedule !== undefined && !['plateau', 'cosine', 'constant'].includes(schedule)) throw new UsageError('--schedule must be plateau, cosine or constant');
    const epochs = int(values.epochs, 'epochs', 1);
    const { jobId } = await call(c, 'train.start', {
      ...data,
      arch: values.arch as 'tsc' | undefined,
      width: int(values.width, 'width', 1),
      epochs,
      batchSize: int(values.batch, 'batch', 1),
      learningRate: numberFlag(values.lr, 'lr', (n) => n > 0),
      patience: int(values.patience, 'patience', 0),
      lrSchedule: schedule as 'plateau' | undefined,
      augment: values['no-augment'] ? false : undefined,
      classWeights: values['no-class-weights'] ? false : undefined,
      name: values.name
    });
    const stop = printEpochs(c, jobId, io, epochs);
    let result: TrainResult;
    try {
      result = jobResult<TrainResult>(await followJob(c, jobId, io, true));
    } catch (err) {
      stop();
      throw err;
    } finally {
      if (io.tty) process.stderr.write('\r\x1b[K');
    }
    stop(result.metrics.history);
    const m = result.metrics;
    if (values.json) {
      io.out(JSON.stringify(result));
      return EXIT_OK;
    }
    io.out(
      `model "${result.model.name}" (id ${result.model.id}): ${m.epochs} epoch(s)${m.stoppedEarly ? ' (stopped early)' : ''}, best epoch ${m.bestEpoch}, ` +
        `train loss ${m.train.loss.toFixed(3)} acc ${(100 * m.train.accuracy).toFixed(1)}% on ${m.train.windows} windows, ${m.durationS.toFixed(1)} s`
    );
    if (m.validation) io.out(`\n${formatMetrics(m.validation, 'validation')}`);
    return EXIT_OK;
  }
};
