// The interface between file parsers and the store. A parser streams one file into a FileSink;
// the import job commits the sink (every recording of the file at once) or aborts it (nothing stays).
import type { Channel } from '../../../shared/domain';

export interface RecordingMeta {
  /** Display name: the file name without extension, or e.g. `BasicMotions_TRAIN #12` for a .ts case. */
  name: string;
  sampleRate: number;
  channels: Channel[];
  /** ISO-8601 time of sample 0, when the file says. */
  startTime?: string | null;
  /** Tags the file itself implies (UCR problem name and split), added to the user's tags. */
  tags?: string[];
}

export interface RecordingWriter {
  /**
   * Appends samples: one Float32Array per channel, all the same length (NaN for gaps).
   * The arrays may be reused by the caller after the call returns.
   */
  append(columns: Float32Array[]): void;
  /** A labelled segment in samples, end exclusive; the label class is created if missing. */
  addSegment(startSample: number, endSample: number, label: string): void;
  /** A warning kept with the recording and reported to the user. */
  warn(message: string): void;
  /** Samples appended so far (per channel). */
  readonly length: number;
}

export interface FileSink {
  /** Starts a new recording of this file. A file may produce several (EDF rate groups, UCR cases). */
  begin(meta: RecordingMeta): RecordingWriter;
}

export interface ImportOptionsForFile {
  /** User-given sample rate (Hz), for files without a time column or rate in their header. */
  sampleRate?: number;
  /** Resample irregular timestamps to a uniform rate instead of failing. */
  resample: boolean;
}

export interface ParseContext {
  /** Absolute path of the file. */
  path: string;
  /** Name derived from the file (basename without extension). */
  baseName: string;
  options: ImportOptionsForFile;
  sink: FileSink;
  /** Aborted on cancel: parsers check it between blocks and throw signal.reason. */
  signal: AbortSignal;
  /** Called with the number of bytes consumed so far (monotone). */
  onBytes(bytesDone: number): void;
}

export interface Importer {
  id: 'csv' | 'wav' | 'edf' | 'ucr-ts';
  /** Human name for messages. */
  label: string;
  /** Extensions this importer claims (lower case, with dot), used only as a tie-breaker. */
  extensions: string[];
  /** Content sniffing on the first bytes (up to 64 KiB) of the file; true when it looks like this format. */
  sniff(head: Buffer, path: string): boolean;
  parse(ctx: ParseContext): Promise<void>;
}
