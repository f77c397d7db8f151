import { Store } from '../../src/main/core/store';
import { ImportSession } from '../../src/main/core/store/import-session';

export interface SyntheticRecording {
  name?: string;
  sampleRate?: number;
  channels: Float32Array[];
  segments?: Array<[number, number, string]>;
  tags?: string[];
}

/** Writes recordings straight through the store's import session (no file parsing). */
export function addRecordings(store: Store, recs: SyntheticRecording[]): number[] {
  const session = new ImportSession(store.db, 'test', []);
  for (const [i, r] of recs.entries()) {
    const w = session.begin({
      name: r.name ?? `rec${i}`,
      sampleRate: r.sampleRate ?? 50,
      channels: r.channels.map((_, c) => ({ name: `ch${c}`, unit: 'g' })),
      tags: r.tags
    });
    const block = 10_000;
    for (let off = 0; off < r.channels[0].length; off += block) {
      w.append(r.channels.map((c) => c.subarray(off, off + block)));
    }
    for (const [s, e, label] of r.segments ?? []) w.addSegment(s, e, label);
  }
  return session.commit().map((r) => r.id);
}
