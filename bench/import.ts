// Import throughput: generates a CSV (default 1 GB: time + 8 float channels), a 16-bit 8-channel WAV and
// a 16-bit 8-signal EDF in a temp folder, then times (a) the parser alone into a null sink and (b) the
// full import through the store (importFiles → SQLite), with peak RSS; runs pandas.read_csv (C engine)
// on the same CSV via /usr/bin/python3 and prints the ratio. Then writes a 100-million-sample recording
// (8 channels × 12.5 M) and times getView (the viewer's query, as the recordings.view handler runs it, and
// with the JSON encoding a transport adds) over 1000 random ranges. Prints tables and one JSON line.
// Usage: npm run bench import -- [--csv-mb 1024] [--wav-mb 256] [--edf-mb 256] [--view-samples 12500000]
//                                [--no-store] [--no-pandas] [--keep]
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseFile } from '../src/main/core/importers';
import type { FileSink, RecordingMeta, RecordingWriter } from '../src/main/core/importers/types';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const flag = (name: string) => args.includes(`--${name}`);
const MB = 1e6;

class NullSink implements FileSink {
  samples = 0;
  begin(meta: RecordingMeta): RecordingWriter {
    let length = 0;
    return {
      append: (cols) => {
        length += cols[0].length;
        this.samples += cols[0].length * meta.channels.length;
      },
      addSegment: () => {},
      warn: () => {},
      get length() {
        return length;
      }
    };
  }
}

/** Writes `bytes` of generated content through a 4 MiB buffer. */
function writeFile(path: string, head: Buffer, target: number, fill: (buf: Buffer, pos: number) => number): number {
  const fd = openSync(path, 'w');
  writeSync(fd, head);
  let written = head.length;
  const buf = Buffer.alloc(4 << 20);
  while (written < target) {
    const n = fill(buf, written);
    writeSync(fd, buf, 0, n);
    written += n;
  }
  closeSync(fd);
  return written;
}

function makeCsv(path: string, mb: number): void {
  const rnd = () => ((Math.random() - 0.5) * 4).toFixed(6);
  const rows = Array.from({ length: 10007 }, () => Array.from({ length: 8 }, rnd).join(','));
  let i = 0;
  writeFile(path, Buffer.from('time,ch1,ch2,ch3,ch4,ch5,ch6,ch7,ch8\n'), mb * MB, (buf) => {
    let n = 0;
    while (n < buf.length - 200) {
      n += buf.write(`${(i / 100).toFixed(2)},${rows[i % rows.length]}\n`, n, 'latin1');
      i++;
    }
    return n;
  });
}

function makeWav(path: string, mb: number): void {
  const frames = Math.floor((mb * MB) / 16);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + frames * 16, 4);
  h.write('WAVEfmt ', 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(8, 22);
  h.writeUInt32LE(1000, 24);
  h.writeUInt32LE(16000, 28);
  h.writeUInt16LE(16, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(frames * 16, 40);
  const total = 44 + frames * 16;
  writeFile(path, h, total, (buf, pos) => {
    const n = Math.min(buf.length, total - pos);
    for (let k = 0; k < n; k += 2) buf.writeInt16LE(((k * 7919) % 60000) - 30000, k);
    return n;
  });
}

function makeEdf(path: string, mb: number): void {
  const ns = 8;
  const spr = 256;
  const recBytes = ns * spr * 2;
  const records = Math.floor((mb * MB) / recBytes);
  const f = (s: string | number, w: number) => String(s).padEnd(w).slice(0, w);
  let head = f('0', 8) + f('X', 80) + f('bench', 80) + f('01.01.24', 8) + f('00.00.00', 8) + f(256 * (ns + 1), 8) + f('', 44) + f(records, 8) + f(1, 8) + f(ns, 4);
  const cols: Array<(i: number) => string | number> = [(i) => `EEG${i}`, () => '', () => 'uV', () => -3200, () => 3200, () => -32768, () => 32767, () => '', () => spr, () => ''];
  const widths = [16, 80, 8, 8, 8, 8, 8, 80, 8, 32];
  cols.forEach((c, k) => {
    for (let i = 0; i < ns; i++) head += f(c(i), widths[k]);
  });
  const total = head.length + records * recBytes;
  writeFile(path, Buffer.from(head, 'latin1'), total, (buf, pos) => {
    const n = Math.min(buf.length - (buf.length % recBytes), total - pos);
    for (let k = 0; k < n; k += 2) buf.writeInt16LE(((k * 104729) % 65000) - 32500, k);
    return n;
  });
}

interface Row {
  format: string;
  path: 'parser' | 'store' | 'pandas';
  mb: number;
  seconds: number;
  mbPerS: number;
  peakRssMb: number;
  note?: string;
}

async function timed(fn: () => Promise<void>): Promise<{ seconds: number; peakRssMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const t0 = performance.now();
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  return { seconds: (performance.now() - t0) / 1000, peakRssMb: peak / MB };
}

async function viaStore(dir: string, file: string): Promise<void> {
  const { openDb } = await import('../src/main/core/store/db');
  const { importFiles } = await import('../src/main/core/store/import-files');
  const db = openDb(join(dir, `bench-${Date.now()}.db`));
  try {
    const signal = new AbortController().signal;
    const ctx = { id: 'bench', signal, progress: () => {}, throwIfCancelled: () => {} };
    const r = await importFiles(db, { paths: [file], tags: [], resample: false }, ctx);
    if (r.failed.length) throw new Error(r.failed[0].message);
  } finally {
    db.close();
  }
}

function pandas(file: string): number | null {
  const code = 'import sys,time,pandas as pd\nt=time.time();pd.read_csv(sys.argv[1],engine="c");print(time.time()-t)';
  const r = spawnSync('/usr/bin/python3', ['-c', code, file], { encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout.trim()) : null;
}

interface ViewStats {
  samples: number;
  channels: number;
  writeSeconds: number;
  queries: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  p95WithJsonMs: number;
  maxPoints: number;
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

/** getView over 1000 random ranges (length log-uniform from 100 samples to the whole recording). */
async function viewBench(dir: string, perChannel: number): Promise<ViewStats> {
  const { makeBigRecording } = await import('../scripts/make-big-recording');
  const { Store } = await import('../src/main/core/store');
  const channels = 8;
  const dataDir = join(dir, 'view');
  process.stderr.write(`writing a ${channels} × ${perChannel.toLocaleString()}-sample recording…\n`);
  const made = makeBigRecording({ dataDir, samples: perChannel, channels, rate: 1000, name: 'view-bench' });
  const store = Store.open(dataDir);
  try {
    const maxPoints = 2000;
    const plain: number[] = [];
    const withJson: number[] = [];
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
    for (let i = 0; i < 1100; i++) {
      const len = Math.round(Math.exp(Math.log(100) + rnd() * (Math.log(perChannel) - Math.log(100))));
      const start = Math.floor(rnd() * (perChannel - len + 1));
      const t0 = performance.now();
      const view = store.samples.view(store.recordings.get(made.id), undefined, start, start + len, maxPoints);
      const t1 = performance.now();
      JSON.stringify(view);
      const t2 = performance.now();
      if (i >= 100) {
        plain.push(t1 - t0);
        withJson.push(t2 - t0);
      }
    }
    return {
      samples: perChannel * channels,
      channels,
      writeSeconds: made.seconds,
      queries: plain.length,
      p50Ms: quantile(plain, 0.5),
      p95Ms: quantile(plain, 0.95),
      maxMs: Math.max(...plain),
      p95WithJsonMs: quantile(withJson, 0.95),
      maxPoints
    };
  } finally {
    store.close();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sensorlab-bench-'));
  const rows: Row[] = [];
  let view: ViewStats | null = null;
  try {
    const files: Array<[string, string, (p: string, mb: number) => void, number]> = [
      ['csv', join(dir, 'bench.csv'), makeCsv, opt('csv-mb', 1024)],
      ['wav', join(dir, 'bench.wav'), makeWav, opt('wav-mb', 256)],
      ['edf', join(dir, 'bench.edf'), makeEdf, opt('edf-mb', 256)]
    ];
    for (const [format, file, make, mb] of files) {
      if (!(mb > 0)) continue;
      process.stderr.write(`generating ${format} (${mb} MB)…\n`);
      make(file, mb);
      const size = statSync(file).size / MB;
      const sink = new NullSink();
      const p = await timed(() => parseFile(file, { resample: false, sampleRate: 100 }, sink, new AbortController().signal, () => {}).then(() => {}));
      rows.push({ format, path: 'parser', mb: size, seconds: p.seconds, mbPerS: size / p.seconds, peakRssMb: p.peakRssMb, note: 'null sink' });
      if (!flag('no-store')) {
        try {
          const s = await timed(() => viaStore(dir, file));
          rows.push({ format, path: 'store', mb: size, seconds: s.seconds, mbPerS: size / s.seconds, peakRssMb: s.peakRssMb, note: 'importFiles → SQLite' });
        } catch (err) {
          rows.push({ format, path: 'store', mb: size, seconds: NaN, mbPerS: NaN, peakRssMb: NaN, note: `failed: ${(err as Error).message}` });
        }
      }
      if (format === 'csv' && !flag('no-pandas')) {
        const secs = pandas(file);
        rows.push({ format, path: 'pandas', mb: size, seconds: secs ?? NaN, mbPerS: secs ? size / secs : NaN, peakRssMb: NaN, note: secs ? 'pandas.read_csv C engine (separate process)' : 'pandas failed' });
      }
      if (!flag('keep')) rmSync(file);
    }
    const viewSamples = opt('view-samples', 12_500_000);
    if (viewSamples > 0) view = await viewBench(dir, viewSamples);
  } finally {
    if (!flag('keep')) rmSync(dir, { recursive: true, force: true });
    else process.stderr.write(`kept ${dir}\n`);
  }
  const pad = (s: string | number, w: number) => String(s).padEnd(w);
  console.log(`${pad('format', 7)}${pad('path', 8)}${pad('MB', 9)}${pad('s', 8)}${pad('MB/s', 9)}${pad('peak RSS MB', 13)}note`);
  for (const r of rows) {
    console.log(`${pad(r.format, 7)}${pad(r.path, 8)}${pad(r.mb.toFixed(0), 9)}${pad(r.seconds.toFixed(2), 8)}${pad(r.mbPerS.toFixed(1), 9)}${pad(Number.isNaN(r.peakRssMb) ? '-' : r.peakRssMb.toFixed(0), 13)}${r.note ?? ''}`);
  }
  const csvParser = rows.find((r) => r.format === 'csv' && r.path === 'parser');
  const csvStore = rows.find((r) => r.format === 'csv' && r.path === 'store');
  const pd = rows.find((r) => r.path === 'pandas');
  const ratio = (a?: Row) => (a && pd && pd.mbPerS > 0 ? a.mbPerS / pd.mbPerS : null);
  console.log(`csv parser / pandas: ${ratio(csvParser)?.toFixed(2) ?? '-'}×, csv store import / pandas: ${ratio(csvStore)?.toFixed(2) ?? '-'}×`);
  if (view) {
    console.log(
      `getView on ${view.channels} × ${(view.samples / view.channels).toLocaleString()} samples (written in ${view.writeSeconds.toFixed(1)} s), ` +
        `${view.queries} random ranges, maxPoints ${view.maxPoints}: p50 ${view.p50Ms.toFixed(2)} ms, p95 ${view.p95Ms.toFixed(2)} ms, ` +
        `max ${view.maxMs.toFixed(2)} ms (p95 with JSON encoding ${view.p95WithJsonMs.toFixed(2)} ms; target p95 < 10 ms)`
    );
  }
  console.log(JSON.stringify({ bench: 'import', rows, csvParserVsPandas: ratio(csvParser), csvStoreVsPandas: ratio(csvStore), view }));
}

void main();
