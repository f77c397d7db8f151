// Packs windows from any number of recordings into fixed-size batches and keeps at most `depth`
// batches at the ML host: the producer (reading, parsing, windowing on this thread) waits only when
// the host already has that much work, so reading the next file overlaps inference of the current one
// while memory stays bounded (one open batch plus `depth` in flight).

/** Where each batch slot's probabilities go. */
export interface SlotTarget {
  deliver(window: number, probs: Float32Array, offset: number): void;
}

export type PredictFn = (x: Float32Array, n: number) => Promise<Float32Array>;

export class WindowBatcher {
  private buf: Float32Array;
  private targets: Array<{ t: SlotTarget; window: number }> = [];
  private readonly inFlight = new Set<Promise<void>>();
  private failure: unknown = null;
  /** Seconds the producer spent waiting for the host (inference slower than reading). */
  waitS = 0;
  windowsDone = 0;

  constructor(
    private readonly predict: PredictFn,
    readonly batchSize: number,
    private readonly perWindow: number,
    private readonly classes: number,
    private readonly depth = 2,
    private readonly onDone: (windows: number) => void = () => undefined
  ) {
    this.buf = new Float32Array(batchSize * perWindow);
  }

  /** Free slots in the open batch. */
  get free(): number {
    return this.batchSize - this.targets.length;
  }

  /** The open batch and the index of its first free slot, for fillWindows to write into. */
  get open(): { buffer: Float32Array; slot: number } {
    return { buffer: this.buf, slot: this.targets.length };
  }

  /** Records that the next slots were written with these windows of `t`. */
  commit(t: SlotTarget, windows: number[]): void {
    for (const w of windows) this.targets.push({ t, window: w });
  }

  /** Sends the open batch when it is full. */
  async maybeSend(): Promise<void> {
    if (this.free === 0) await this.flush();
  }

  /** Sends the open batch (if it has windows), waiting first while `depth` batches are in flight. */
  async flush(): Promise<void> {
    this.throwIfFailed();
    if (this.targets.length === 0) return;
    const n = this.targets.length;
    const x = n === this.batchSize ? this.buf : this.buf.slice(0, n * this.perWindow);
    const targets = this.targets;
    this.buf = new Float32Array(this.batchSize * this.perWindow);
    this.targets = [];
    const t0 = performance.now();
    while (this.inFlight.size >= this.depth) await Promise.race(this.inFlight);
    this.waitS += (performance.now() - t0) / 1000;
    this.throwIfFailed();
    const job: Promise<void> = this.predict(x, n).then(
      (probs) => {
        for (let i = 0; i < n; i++) targets[i].t.deliver(targets[i].window, probs, i * this.classes);
        this.windowsDone += n;
        this.onDone(n);
      },
      (err: unknown) => {
        this.failure ??= err;
      }
    );
    const tracked = job.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  /** Sends what is open and waits for every batch; throws the first prediction error. */
  async drain(): Promise<void> {
    await this.flush();
    while (this.inFlight.size > 0) await Promise.race(this.inFlight);
    this.throwIfFailed();
  }

  /** Waits for batches in flight without sending (after a failure elsewhere). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private throwIfFailed(): void {
    if (this.failure !== null) throw this.failure;
  }
}
