// An in-memory FileSink for parser tests: keeps every recording's meta, samples (copied per append,
// since parsers reuse their arrays), segments and warnings.
import type { FileSink, RecordingMeta, RecordingWriter } from '../../../src/main/core/importers/types';

export interface MemoryRecording {
  meta: RecordingMeta;
  /** One Float32Array per channel, all of `length` samples. */
  columns: Float32Array[];
  length: number;
  segments: Array<{ start: number; end: number; label: string }>;
  warnings: string[];
  appends: number;
}

export class MemorySink implements FileSink {
  readonly recordings: MemoryRecording[] = [];

  begin(meta: RecordingMeta): RecordingWriter {
    if (!(meta.sampleRate > 0) || !Number.isFinite(meta.sampleRate)) throw new Error(`invalid sample rate ${meta.sampleRate}`);
    if (meta.channels.length === 0) throw new Error('a recording needs at least one channel');
    const rec: MemoryRecording = {
      meta,
      columns: meta.channels.map(() => new Float32Array(1024)),
      length: 0,
      segments: [],
      warnings: [],
      appends: 0
    };
    this.recordings.push(rec);
    const cap = () => rec.columns[0].length;
    return {
      append(cols: Float32Array[]) {
        if (cols.length !== meta.channels.length) throw new Error(`append: ${cols.length} columns for ${meta.channels.length} channels`);
        const n = cols[0].length;
        for (const c of cols) if (c.length !== n) throw new Error('append: columns of different lengths');
        if (rec.length + n > cap()) {
          let size = cap();
          while (size < rec.length + n) size *= 2;
          rec.columns = rec.columns.map((old) => {
            const next = new Float32Array(size);
            next.set(old.subarray(0, rec.length));
            return next;
          });
        }
        cols.forEach((c, i) => rec.columns[i].set(c, rec.length));
        rec.length += n;
        rec.appends++;
      },
      addSegment(start: number, end: number, label: string) {
        rec.segments.push({ start, end, label });
      },
      warn(message: string) {
        rec.warnings.push(message);
      },
      get length() {
        return rec.length;
      }
    };
  }

  /** The samples of one channel, trimmed to the recording's length. */
  channel(recording: number, channel: number): Float32Array {
    const r = this.recordings[recording];
    return r.columns[channel].subarray(0, r.length);
  }
}

/** A sink that counts samples and drops them (for throughput measurements). */
export class NullSink implements FileSink {
  samples = 0;
  recordings = 0;
  begin(meta: RecordingMeta): RecordingWriter {
    this.recordings++;
    let length = 0;
    const count = (n: number): void => {
      this.samples += n;
    };
    return {
      append(cols: Float32Array[]) {
        length += cols[0].length;
        count(cols[0].length * meta.channels.length);
      },
      addSegment() {},
      warn() {},
      get length() {
        return length;
      }
    };
  }
}
