// The demo project: a few recordings of synthetic 6-channel IMU at 50 Hz (imu-synth.ts), each a sequence
// of activity bouts (rest / walk / run / jump, 8–25 s each) separated by 1.5–3 s unlabelled transitions,
// so about 85–90 % of every recording is covered by labelled segments. Deterministic for a given seed.
import type { FileSink } from '../importers/types';
import { ACTIVITIES, DEMO_RATE, allocImu, prng, synthBout, synthTransition, type Activity } from './imu-synth';

export interface DemoOptions {
  /** PRNG seed (default 20240501). */
  seed?: number;
  /** Number of recordings (default 4). */
  recordings?: number;
  signal?: AbortSignal;
}

export interface DemoSummary {
  recordings: Array<{ name: string; samples: number; segments: number; labelled: number }>;
}

export const DEMO_CHANNELS = [
  { name: 'acc_x', unit: 'g' },
  { name: 'acc_y', unit: 'g' },
  { name: 'acc_z', unit: 'g' },
  { name: 'gyro_x', unit: 'rad/s' },
  { name: 'gyro_y', unit: 'rad/s' },
  { name: 'gyro_z', unit: 'rad/s' }
];

interface Plan {
  bouts: Array<{ kind: Activity; start: number; end: number }>;
  length: number;
}

/** Bouts and gaps of one recording, 60–120 s long; every activity appears at least once. */
function plan(rand: () => number): Plan {
  const target = Math.round((60 + 60 * rand()) * DEMO_RATE);
  const order: Activity[] = [];
  const bouts: Plan['bouts'] = [];
  let t = Math.round((1 + rand()) * DEMO_RATE);
  while (t < target || ACTIVITIES.some((a) => !order.includes(a))) {
    const missing = ACTIVITIES.filter((a) => !order.includes(a));
    const choices = (missing.length ? missing : ACTIVITIES).filter((a) => a !== order[order.length - 1]);
    const kind = choices[Math.floor(rand() * choices.length)];
    const len = Math.round((8 + 17 * rand()) * DEMO_RATE);
    bouts.push({ kind, start: t, end: t + len });
    order.push(kind);
    t += len + Math.round((1.5 + 1.5 * rand()) * DEMO_RATE);
  }
  const length = bouts[bouts.length - 1].end + Math.round((0.5 + rand()) * DEMO_RATE);
  return { bouts, length };
}

/** Writes the demo recordings into `sink`, each with its labelled segments and the tag `demo`. */
export async function generateDemo(sink: FileSink, options: DemoOptions = {}): Promise<DemoSummary> {
  const rand = prng(options.seed ?? 20240501);
  const count = options.recordings ?? 4;
  const summary: DemoSummary = { recordings: [] };
  for (let r = 0; r < count; r++) {
    if (options.signal?.aborted) throw options.signal.reason;
    const p = plan(rand);
    const wear = { tiltX: 0.15 * (rand() - 0.5), tiltY: 0.15 * (rand() - 0.5) };
    const out = allocImu(p.length);
    for (const b of p.bouts) synthBout(b.kind, out, b.start, b.end - b.start, wear, rand);
    // Transitions (and the rest-like lead-in/out) fill the gaps between bouts.
    let cursor = 0;
    for (const b of [...p.bouts, { start: p.length, end: p.length }]) {
      if (b.start > cursor) {
        if (cursor === 0 || b.start === p.length) synthBout('rest', out, cursor, b.start - cursor, wear, rand);
        else synthTransition(out, cursor, b.start - cursor, rand);
      }
      cursor = b.end;
    }
    const name = `demo-imu-${r + 1}`;
    const writer = sink.begin({ name, sampleRate: DEMO_RATE, channels: DEMO_CHANNELS, startTime: null, tags: ['demo'] });
    writer.append(out);
    let labelled = 0;
    for (const b of p.bouts) {
      writer.addSegment(b.start, b.end, b.kind);
      labelled += b.end - b.start;
    }
    summary.recordings.push({ name, samples: p.length, segments: p.bouts.length, labelled });
    await Promise.resolve();
  }
  return summary;
}
