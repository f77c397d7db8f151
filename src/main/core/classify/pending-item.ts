// One recording while its windows are being predicted: which windows were sent, their probabilities
// as they come back, and a promise that settles when the last one arrived.
import type { LabelledSpan } from '../ml/window-plan';
import type { SlotTarget } from './batcher';
import type { ItemIdentity, ItemWindows } from './item-result';
import type { WindowGrid } from './windows';

export class PendingItem implements SlotTarget {
  readonly probs: Float32Array;
  readonly sent: Uint8Array;
  private outstanding = 0;
  private allQueued = false;
  private resolveDone: () => void = () => undefined;
  readonly done: Promise<void>;
  predicted = 0;

  constructor(
    readonly id: ItemIdentity,
    readonly grid: WindowGrid,
    readonly classes: number,
    /** Labelled spans in the classified (model-rate) samples, sorted. */
    readonly truthSpans: LabelledSpan[],
    readonly warnings: string[],
    /** Progress weight of the input this item belongs to, shared among its items. */
    readonly inputIndex: number
  ) {
    const n = grid.starts.length;
    this.probs = new Float32Array(n * classes);
    this.sent = new Uint8Array(n);
    this.done = new Promise((r) => (this.resolveDone = r));
  }

  get windowCount(): number {
    return this.grid.starts.length;
  }

  markSent(windows: number[]): void {
    for (const w of windows) this.sent[w] = 1;
    this.outstanding += windows.length;
  }

  /** No more windows will be sent. */
  close(): void {
    this.allQueued = true;
    if (this.outstanding === 0) this.resolveDone();
  }

  deliver(window: number, probs: Float32Array, offset: number): void {
    this.probs.set(probs.subarray(offset, offset + this.classes), window * this.classes);
    this.outstanding--;
    this.predicted++;
    if (this.allQueued && this.outstanding === 0) this.resolveDone();
  }

  /** The predicted windows only (gaps left out). */
  windows(): ItemWindows {
    const starts: number[] = [];
    const ends: number[] = [];
    const keep: number[] = [];
    for (let i = 0; i < this.windowCount; i++) {
      if (!this.sent[i]) continue;
      starts.push(this.grid.starts[i]);
      ends.push(this.grid.ends[i]);
      keep.push(i);
    }
    const k = this.classes;
    const probs = new Float32Array(keep.length * k);
    keep.forEach((w, j) => probs.set(this.probs.subarray(w * k, (w + 1) * k), j * k));
    return { starts, ends, probs, skipped: this.windowCount - keep.length };
  }
}
