// Writes one large synthetic recording straight into a data folder through the store, for the
// viewer's e2e test and benchmark:
//   npx tsx scripts/make-big-recording.ts --data-dir DIR [--samples 50000000] [--channels 1]
//                                         [--rate 1000] [--name big-recording] [--json]
// `--samples` is per channel. Each channel is a slow drift + two sines + noise, with a short spike
// every 1,000,003 samples (so a min/max envelope that loses peaks is visible) — deterministic.
import { parseArgs } from 'node:util';
import { Store } from '../src/main/core/store/index';
import { ImportSession } from '../src/main/core/store/import-session';

const BLOCK = 1 << 18;
const SPIKE_EVERY = 1_000_003;

export interface BigRecordingOptions {
  dataDir: string;
  samples: number;
  channels: number;
  rate: number;
  name: string;
}

/** Fills `out` with samples [offset, offset + out.length) of channel `ch`. */
function fill(out: Float32Array, ch: number, offset: number, rate: number, seed: { s: number }): void {
  const f1 = 0.7 + ch * 0.37;
  const f2 = 11 + ch * 3.1;
  const w1 = (2 * Math.PI * f1) / rate;
  const w2 = (2 * Math.PI * f2) / rate;
  const drift = (2 * Math.PI) / (rate * 3600);
  for (let i = 0; i < out.length; i++) {
    const n = offset + i;
    // xorshift32 noise in [-0.5, 0.5)
    let s = seed.s;
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    seed.s = s >>> 0;
    const noise = seed.s / 4294967296 - 0.5;
    let v = 2 * Math.sin(drift * n + ch) + Math.sin(w1 * n) + 0.3 * Math.sin(w2 * n) + 0.2 * noise;
    if (n % SPIKE_EVERY < 3) v += 12 + ch; // a three-sample spike
    out[i] = v;
  }
}

export function makeBigRecording(o: BigRecordingOptions): { id: number; seconds: number } {
  const t0 = Date.now();
  const store = Store.open(o.dataDir);
  try {
    const session = new ImportSession(store.db, 'scripts/make-big-recording.ts', ['synthetic', 'big']);
    try {
      const writer = session.begin({
        name: o.name,
        sampleRate: o.rate,
        channels: Array.from({ length: o.channels }, (_, c) => ({ name: `ch${c}`, unit: c % 2 === 0 ? 'mV' : 'g' }))
      });
      const cols = Array.from({ length: o.channels }, () => new Float32Array(BLOCK));
      const seeds = Array.from({ length: o.channels }, (_, c) => ({ s: 0x9e3779b9 ^ (c * 7919 + 1) }));
      for (let off = 0; off < o.samples; off += BLOCK) {
        const n = Math.min(BLOCK, o.samples - off);
        const block = n === BLOCK ? cols : cols.map((c) => c.subarray(0, n));
        block.forEach((c, ch) => fill(c, ch, off, o.rate, seeds[ch]));
        writer.append(block);
      }
      const [rec] = session.commit();
      return { id: rec.id, seconds: (Date.now() - t0) / 1000 };
    } catch (err) {
      session.abort();
      throw err;
    }
  } finally {
    store.close();
  }
}

function main(): void {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      samples: { type: 'string', default: '50000000' },
      channels: { type: 'string', default: '1' },
      rate: { type: 'string', default: '1000' },
      name: { type: 'string', default: 'big-recording' },
      json: { type: 'boolean', default: false }
    }
  });
  const dataDir = values['data-dir'];
  if (!dataDir) {
    console.error('usage: npx tsx scripts/make-big-recording.ts --data-dir DIR [--samples N] [--channels C] [--rate HZ] [--name NAME] [--json]');
    process.exit(2);
  }
  const opts: BigRecordingOptions = {
    dataDir,
    samples: Number(values.samples),
    channels: Number(values.channels),
    rate: Number(values.rate),
    name: values.name ?? 'big-recording'
  };
  if (!(opts.samples > 0) || !(opts.channels > 0) || !(opts.rate > 0)) throw new Error('samples, channels and rate must be positive');
  const r = makeBigRecording(opts);
  if (values.json) console.log(JSON.stringify({ ...opts, ...r }));
  else console.log(`wrote recording ${r.id} (${opts.channels} × ${opts.samples.toLocaleString()} samples) to ${dataDir} in ${r.seconds.toFixed(1)} s`);
}

if (require.main === module) main();
