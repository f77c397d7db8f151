// CLI plumbing shared by the commands: a typed client over dispatch, output, progress and exit codes.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { RequestInput, RequestName, RequestOutput } from '../../shared/contract';
import type { JobInfo } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import type { Core } from '../core';
import { dispatch } from '../transports/dispatch';

export const EXIT_OK = 0;
export const EXIT_PARTIAL = 1;
export const EXIT_USAGE = 2;

/** Bad arguments: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is a terminal (progress redraws in place). */
  tty: boolean;
}

export const processIo: Io = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
  tty: Boolean(process.stderr.isTTY)
};

export interface CommandContext {
  args: string[];
  io: Io;
  /** Opens the core on the data folder (once). */
  core(): Core;
  dataDir: string;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(ctx: CommandContext): Promise<number>;
}

/** Calls the core through the same validation as every other door; errors are thrown as AppError. */
export async function call<N extends RequestName>(core: Core, name: N, input: RequestInput<N>): Promise<RequestOutput<N>> {
  const env = await dispatch(core.handlers, name, input);
  if (!env.ok) throw new AppError(env.error.code, env.error.message, env.error.details);
  return env.value as RequestOutput<N>;
}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args, options: { ...options, json: { type: 'boolean' } }, allowPositionals, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export function numberFlag(value: string | undefined, name: string, check: (n: number) => boolean = () => true): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || !check(n)) throw new UsageError(`--${name} must be a valid number (got ${JSON.stringify(value)})`);
  return n;
}

function formatProgress(job: JobInfo): string {
  const p = job.progress;
  const pct = p.total ? ` ${((100 * p.done) / p.total).toFixed(1)}%` : '';
  const amount = p.unit === 'bytes' ? `${(p.done / 1e6).toFixed(1)}/${((p.total ?? 0) / 1e6).toFixed(1)} MB` : `${p.done}${p.total ? `/${p.total}` : ''} ${p.unit}`;
  return `${job.title}:${pct} ${amount}${p.message ? ` — ${p.message}` : ''}`;
}

/** Waits for a job, printing throttled progress on stderr; Ctrl-C cancels it. Returns its final state. */
export async function followJob(core: Core, jobId: string, io: Io, quiet = false): Promise<JobInfo> {
  let last = '';
  const off = core.jobs.on((job) => {
    if (job.id !== jobId || quiet || job.state !== 'running') return;
    const line = formatProgress(job);
    if (line === last) return;
    last = line;
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

/** Throws the job's error when it did not finish. */
export function jobResult<T>(job: JobInfo): T {
  if (job.state === 'done') return job.result as T;
  const e = job.error ?? { code: 'INTERNAL', message: `job ${job.state}` };
  throw new AppError(e.code as AppError['code'], e.message, e.details);
}

export function table(rows: Array<Record<string, string | number>>, columns: string[]): string {
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(columns.map((c) => String(r[c] ?? ''))))].join('\n');
}
