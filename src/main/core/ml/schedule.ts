// Learning-rate schedule and early stopping, epoch by epoch (pure; the trainer applies the rate).
//
// plateau:  the rate halves after max(3, ⌊patience/3⌋) epochs (5 when early stopping is off) without an
//           improvement of the monitored loss; it never goes below lr/100.
// cosine:   lr_e = lr/100 + (lr − lr/100) · (1 + cos(π · e / epochs)) / 2 for epoch e = 0…epochs−1.
// constant: lr throughout.
// Early stopping (patience > 0): stop after `patience` epochs without improvement; the weights of the
// best epoch are the ones kept. Improvement = loss below the best by more than 1e-4.

export type LrSchedule = 'plateau' | 'cosine' | 'constant';

export interface MonitorOptions {
  learningRate: number;
  epochs: number;
  patience: number;
  schedule: LrSchedule;
}

export interface EpochVerdict {
  improved: boolean;
  stop: boolean;
  /** Rate for the next epoch. */
  lr: number;
}

const MIN_DELTA = 1e-4;

export class TrainingMonitor {
  readonly minLr: number;
  private best = Infinity;
  private bestEpoch = -1;
  private sinceBest = 0;
  private sinceReduce = 0;
  private lr: number;
  private readonly plateauPatience: number;

  constructor(private readonly opts: MonitorOptions) {
    this.lr = opts.learningRate;
    this.minLr = opts.learningRate / 100;
    this.plateauPatience = opts.patience > 0 ? Math.max(3, Math.floor(opts.patience / 3)) : 5;
  }

  /** Rate for epoch `e` (0-based) before any verdict. */
  rateFor(e: number): number {
    if (this.opts.schedule !== 'cosine') return this.lr;
    const { learningRate: lr, epochs } = this.opts;
    return this.minLr + ((lr - this.minLr) * (1 + Math.cos((Math.PI * e) / epochs))) / 2;
  }

  get bestLoss(): number {
    return this.best;
  }

  /** 1-based epoch whose weights are best so far (0 before any). */
  get bestEpochNumber(): number {
    return this.bestEpoch + 1;
  }

  /** Records epoch `e` (0-based) with its monitored loss. */
  update(e: number, loss: number): EpochVerdict {
    const improved = Number.isFinite(loss) && loss < this.best - MIN_DELTA;
    if (improved) {
      this.best = loss;
      this.bestEpoch = e;
      this.sinceBest = 0;
      this.sinceReduce = 0;
    } else {
      this.sinceBest++;
      this.sinceReduce++;
    }
    if (this.opts.schedule === 'plateau' && this.sinceReduce >= this.plateauPatience && this.lr > this.minLr) {
      this.lr = Math.max(this.minLr, this.lr / 2);
      this.sinceReduce = 0;
    }
    const stop = this.opts.patience > 0 && this.sinceBest >= this.opts.patience;
    return { improved, stop, lr: this.rateFor(e + 1) };
  }
}
