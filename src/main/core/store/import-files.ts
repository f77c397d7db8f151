// The import job's work: expand files and folders, parse each file into its own ImportSession,
// commit it atomically or abort it, and keep going after a file fails.
import { readdirSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import type { ImportOptions, ImportResult } from '../../../shared/api/library';
import { AppError, toErrorEnvelope } from '../../../shared/errors';
import { parseFile } from '../importers';
import type { JobContext } from '../jobs/job-runner';
import type { Db } from './db';
import { ImportSession } from './import-session';

/** Extensions picked up when a folder is imported (files named explicitly are sniffed whatever their name). */
export const IMPORTABLE_EXTENSIONS = ['.csv', '.tsv', '.txt', '.dat', '.wav', '.edf', '.bdf', '.ts'];

export interface FileEntry {
  path: string;
  size: number;
}

/** Files named and the importable files under folders named, sorted, without duplicates. */
export function expandPaths(paths: string[]): FileEntry[] {
  const seen = new Set<string>();
  const out: FileEntry[] = [];
  const add = (p: string, size: number) => {
    if (!seen.has(p)) {
      seen.add(p);
      out.push({ path: p, size });
    }
  };
  const walk = (dir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && IMPORTABLE_EXTENSIONS.includes(extname(e.name).toLowerCase())) add(p, statSync(p).size);
    }
  };
  for (const raw of paths) {
    const p = resolve(raw);
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new AppError('NOT_FOUND', `no such file or folder: ${raw}`, { path: raw });
    }
    if (st.isDirectory()) walk(p);
    else add(p, st.size);
  }
  return out;
}

export async function importFiles(db: Db, options: ImportOptions, ctx: JobContext): Promise<ImportResult> {
  const files = expandPaths(options.paths);
  if (files.length === 0) throw new AppError('BAD_REQUEST', 'no importable files found in the given paths');
  const totalBytes = files.reduce((s, f) => s + f.size, 0);
  const result: ImportResult = { recordings: [], failed: [], bytes: 0 };
  let bytesBefore = 0;
  for (const [i, file] of files.entries()) {
    ctx.throwIfCancelled();
    const report = (bytesInFile: number) =>
      ctx.progress({
        done: bytesBefore + bytesInFile,
        total: totalBytes,
        unit: 'bytes',
        message: `${basename(file.path)} (${i + 1}/${files.length})`,
        extra: { filesDone: i, filesTotal: files.length }
      });
    report(0);
    const session = new ImportSession(db, file.path, options.tags);
    try {
      await parseFile(file.path, { sampleRate: options.sampleRate, resample: options.resample }, session, ctx.signal, report);
      ctx.throwIfCancelled();
      if (session.recordingCount === 0) throw new AppError('INVALID_FILE', `${basename(file.path)}: no data found`);
      for (const r of session.commit()) result.recordings.push({ ...r, file: file.path });
    } catch (err) {
      session.abort();
      if (ctx.signal.aborted) throw err;
      const env = toErrorEnvelope(err);
      result.failed.push({ file: file.path, code: env.code, message: env.message });
    }
    bytesBefore += file.size;
    result.bytes = bytesBefore;
  }
  ctx.progress({ done: totalBytes, total: totalBytes, unit: 'bytes', extra: { filesDone: files.length, filesTotal: files.length } });
  return result;
}
