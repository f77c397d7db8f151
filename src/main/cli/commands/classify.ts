// `sensorlab classify`: batch-classify files and folders (or library recordings) with a stored or
// exported model. Progress on stderr; segments CSV (or JSON with --json) on --out or stdout; an optional
// per-file summary CSV. Exit 0 when every file was classified, 1 when some failed, 2 on bad arguments.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ClassifyResult } from '../../../shared/api/classify';
import type { JobInfo } from '../../../shared/domain';
import type { Core } from '../../core';
import { resultJson, segmentsCsv, summaryCsv } from '../../core/classify/results-io';
import { call, type Command, EXIT_OK, EXIT_PARTIAL, type Io, jobResult, numberFlag, parse, table, UsageError } from '../io';
import { formatMetrics, idList } from './evaluate';

const USAGE =
  'sensorlab classify --model M <files|dirs…> [--recordings ID,ID…] [--tag T…] [--out results.csv] [--summary summary.csv]\n' +
  '       [--stride S] [--min-confidence P] [--min-duration SEC] [--sample-rate HZ] [--resample] [--data-dir D] [--json]\n' +
  '  M: a stored model\'s name or id, or a folder written by `sensorlab models export`';

function progressLine(job: JobInfo): string {
  const p = job.progress;
  const x = p.extra ?? {};
  const wps = typeof x.windowsPerS === 'number' ? `, ${Math.round(x.windowsPerS)} windows/s` : '';
  const eta = typeof x.etaS === 'number' && Number.isFinite(x.etaS) ? `, ETA ${Math.round(x.etaS)} s` : '';
  const failed = typeof x.failed === 'number' && x.failed > 0 ? `, ${x.failed} failed` : '';
  return `classify: ${p.done}/${p.total ?? '?'} files${wps}${eta}${failed}${p.message ? ` — ${p.message}` : ''}`;
}

/** Waits for the job with progress lines on stderr (redrawn on a terminal); Ctrl-C cancels it. */
async function follow(core: Core, jobId: string, io: Io): Promise<JobInfo> {
  let last = '';
  let lastAt = 0;
  const off = core.jobs.on((job) => {
    if (job.id !== jobId || job.state !== 'running') return;
    const line = progressLine(job);
    const now = Date.now();
    if (line === last || (!io.tty && now - lastAt < 1000)) return;
    last = line;
    lastAt = now;
    if (io.tty) process.stderr.write(`\r\x1b[K${line}`);
    else io.err(line);
  });
  const onSigint = () => {
    io.err('\ncancelling…');
    core.jobs.cancel(jobId);
  };
  process.once('SIGINT', onSigint);
  try {
    const final = await core.jobs.wait(jobId);
    if (io.tty && last) process.stderr.write('\r\x1b[K');
    return final;
  } finally {
    off();
    process.off('SIGINT', onSigint);
  }
}

function summaryTable(r: ClassifyResult): string {
  return table(
    r.items.map((i) => ({
      file: i.key,
      duration: `${i.durationS.toFixed(1)} s`,
      windows: i.windows,
      segments: i.segments.length,
      dominant: i.dominant ?? '–',
      confidence: i.meanConfidence === null ? '–' : i.meanConfidence.toFixed(3)
    })),
    ['file', 'duration', 'windows', 'segments', 'dominant', 'confidence']
  );
}

export const classifyCommand: Command = {
  name: 'classify',
  summary: 'Batch-classify files, folders or library recordings with a trained model',
  usage: USAGE,
  async run({ args, io, core }) {
    const { values, positionals } = parse(args, {
      model: { type: 'string' },
      out: { type: 'string' },
      summary: { type: 'string' },
      stride: { type: 'string' },
      'min-confidence': { type: 'string' },
      'min-duration': { type: 'string' },
      'sample-rate': { type: 'string' },
      resample: { type: 'boolean' },
      recordings: { type: 'string', multiple: true },
      tag: { type: 'string', multiple: true }
    });
    if (!values.model) throw new UsageError('--model is required (a model name or id, or an exported model folder)');
    if (positionals.length === 0 && !values.recordings && !values.tag) throw new UsageError('give files or folders to classify (or --recordings / --tag)');
    const stride = numberFlag(values.stride, 'stride', (n) => Number.isInteger(n) && n > 0);
    const minConfidence = numberFlag(values['min-confidence'], 'min-confidence', (n) => n >= 0 && n <= 1);
    const minDurationS = numberFlag(values['min-duration'], 'min-duration', (n) => n >= 0);
    const sampleRate = numberFlag(values['sample-rate'], 'sample-rate', (n) => n > 0);
    for (const flag of ['out', 'summary'] as const) {
      const file = values[flag];
      if (file === undefined) continue;
      const dir = dirname(resolve(file));
      if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--${flag}: the folder ${dir} does not exist`);
      if (existsSync(file) && statSync(file).isDirectory()) throw new UsageError(`--${flag}: ${file} is a folder, not a file`);
    }
    const c = core();
    const model = /^\d+$/.test(values.model.trim()) ? Number(values.model) : values.model;
    const { jobId } = await call(c, 'classify.start', {
      model,
      paths: positionals,
      recordingIds: idList(values.recordings, 'recordings') ?? [],
      tags: values.tag ?? [],
      stride: stride ?? null,
      ...(minConfidence !== undefined ? { minConfidence } : {}),
      ...(minDurationS !== undefined ? { minDurationS } : {}),
      ...(sampleRate !== undefined ? { sampleRate } : {}),
      resample: Boolean(values.resample)
    });
    const r = jobResult<ClassifyResult>(await follow(c, jobId, io));
    const main = values.json ? resultJson(r) : segmentsCsv(r);
    if (values.out) writeFileSync(values.out, main);
    else io.out(main);
    if (values.summary) writeFileSync(values.summary, summaryCsv(r));
    for (const f of r.failed) io.err(`failed: ${f.file}: ${f.message} (${f.code})`);
    for (const i of r.items) for (const w of i.warnings) io.err(`warning: ${i.key}: ${w}`);
    {
      const s = r.stats;
      io.err(summaryTable(r));
      io.err(
        `${r.items.length} recording(s) classified from ${s.files} input(s), ${r.failed.length} failed; ${s.windows} windows in ${s.seconds.toFixed(1)} s ` +
          `(${Math.round(s.windowsPerS)} windows/s, ${s.filesPerS.toFixed(2)} files/s${s.backend ? `, ${s.backend}` : ''})`
      );
      if (r.metrics) io.err(formatMetrics({ ...r.metrics, misclassified: [], misclassifiedTotal: 0, skipped: { nan: 0, unknownClass: r.metrics.unknownClass }, warnings: [] }, 'labelled windows'));
    }
    return r.failed.length > 0 ? EXIT_PARTIAL : EXIT_OK;
  }
};
