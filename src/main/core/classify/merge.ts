// From per-window class probabilities to a timeline of predicted segments. Pure.
//
// Each window owns the part of the time axis nearer its centre than its neighbours' centres (with
// stride < window, the central `stride` samples; the first and last windows reach their own edges),
// so the owned spans tile the classified range without overlap. A window whose best probability is
// below the minimum confidence is `unknown`. Consecutive owned spans of one label merge into a
// segment whose confidence is the mean probability of that label over its windows. Segments shorter
// than the minimum duration are absorbed, shortest first, by a touching neighbour (both neighbours
// when they share a label, else the longer one); spans separated by a gap (skipped windows) never merge.
import { UNKNOWN_LABEL } from '../../../shared/api/classify';

export interface WindowSpans {
  /** Window start and end (exclusive) per window, in samples, sorted by start. */
  starts: ArrayLike<number>;
  ends: ArrayLike<number>;
  /** [n × classes] probabilities. */
  probs: Float32Array;
  classes: string[];
}

export interface MergeOptions {
  minConfidence: number;
  /** Samples. */
  minDuration: number;
}

export interface MergedSegment {
  start: number;
  /** Exclusive. */
  end: number;
  label: string;
  confidence: number;
}

interface Node {
  start: number;
  end: number;
  /** Class index, or classes.length for unknown. */
  label: number;
  /** Window indices [first, last]. */
  first: number;
  last: number;
  prev: Node | null;
  next: Node | null;
  alive: boolean;
}

/** Class index per window (classes.length = unknown) and its best probability. */
export function windowLabels(probs: Float32Array, k: number, minConfidence: number): { label: Int32Array; best: Float32Array } {
  const n = probs.length / k;
  const label = new Int32Array(n);
  const best = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let bi = 0;
    let bv = -Infinity;
    for (let j = 0; j < k; j++) {
      const v = probs[i * k + j];
      if (v > bv) {
        bv = v;
        bi = j;
      }
    }
    best[i] = bv;
    label[i] = bv >= minConfidence ? bi : k;
  }
  return { label, best };
}

/** The owned span [a, b) of each window (see the file comment). */
export function ownedSpans(starts: ArrayLike<number>, ends: ArrayLike<number>): { a: Float64Array; b: Float64Array } {
  const n = starts.length;
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = starts[i];
    b[i] = ends[i];
  }
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  for (let i = 0; i + 1 < n; i++) {
    const cut = Math.round((starts[i] + ends[i] + starts[i + 1] + ends[i + 1]) / 4);
    b[i] = clamp(cut, starts[i], ends[i]);
    a[i + 1] = Math.max(b[i], clamp(cut, starts[i + 1], ends[i + 1]));
  }
  return { a, b };
}

export function mergeWindows(w: WindowSpans, opts: MergeOptions): MergedSegment[] {
  const k = w.classes.length;
  const n = w.starts.length;
  if (n === 0) return [];
  const { label } = windowLabels(w.probs, k, opts.minConfidence);
  const { a, b } = ownedSpans(w.starts, w.ends);
  // Runs of one label over touching owned spans.
  const nodes: Node[] = [];
  let cur: Node | null = null;
  for (let i = 0; i < n; i++) {
    if (b[i] <= a[i]) continue;
    if (cur && cur.label === label[i] && cur.end === a[i]) {
      cur.end = b[i];
      cur.last = i;
      continue;
    }
    const node: Node = { start: a[i], end: b[i], label: label[i], first: i, last: i, prev: cur, next: null, alive: true };
    if (cur) cur.next = node;
    nodes.push(node);
    cur = node;
  }
  if (opts.minDuration > 0) absorbShort(nodes, opts.minDuration);
  const out: MergedSegment[] = [];
  for (const s of nodes) {
    if (!s.alive) continue;
    out.push({ start: s.start, end: s.end, label: s.label === k ? UNKNOWN_LABEL : w.classes[s.label], confidence: confidenceOf(w.probs, k, s) });
  }
  return out;
}

function touches(x: Node | null, y: Node | null): boolean {
  return Boolean(x && y && x.end === y.start);
}

/** Absorbs segments shorter than `min` into touching neighbours, shortest first (binary heap, lazy deletion). */
function absorbShort(nodes: Node[], min: number): void {
  const heap = new MinHeap<Node>((x) => x.end - x.start);
  for (const s of nodes) if (s.end - s.start < min) heap.push(s);
  for (let s = heap.pop(); s; s = heap.pop()) {
    if (!s.alive || s.end - s.start >= min) continue;
    const left = touches(s.prev, s) ? s.prev : null;
    const right = touches(s, s.next) ? s.next : null;
    if (!left && !right) continue;
    let into: Node;
    if (left && right && left.label === right.label) {
      into = left;
      joinRight(into, s);
      joinRight(into, right);
    } else if (left && (!right || left.end - left.start >= right.end - right.start)) {
      into = left;
      joinRight(into, s);
    } else {
      into = right as Node;
      joinLeft(into, s);
    }
    // A neighbour that now touches a run of its own label merges with it.
    if (into.prev && touches(into.prev, into) && into.prev.label === into.label) {
      const p = into.prev;
      joinRight(p, into);
      into = p;
    }
    if (into.next && touches(into, into.next) && into.next.label === into.label) joinRight(into, into.next);
    if (into.end - into.start < min) heap.push(into);
  }
}

/** `x` takes over its right neighbour `y`. */
function joinRight(x: Node, y: Node): void {
  x.end = y.end;
  x.last = y.last;
  x.next = y.next;
  if (y.next) y.next.prev = x;
  y.alive = false;
}

/** `x` takes over its left neighbour `y`. */
function joinLeft(x: Node, y: Node): void {
  x.start = y.start;
  x.first = y.first;
  x.prev = y.prev;
  if (y.prev) y.prev.next = x;
  y.alive = false;
}

/** Mean probability of the segment's label over its windows (unknown: mean best probability). */
function confidenceOf(probs: Float32Array, k: number, s: Node): number {
  let sum = 0;
  for (let i = s.first; i <= s.last; i++) {
    if (s.label < k) sum += probs[i * k + s.label];
    else {
      let bv = 0;
      for (let j = 0; j < k; j++) bv = Math.max(bv, probs[i * k + j]);
      sum += bv;
    }
  }
  return sum / (s.last - s.first + 1);
}

class MinHeap<T> {
  private readonly items: Array<{ key: number; value: T }> = [];
  constructor(private readonly keyOf: (v: T) => number) {}

  push(value: T): void {
    const items = this.items;
    items.push({ key: this.keyOf(value), value });
    let i = items.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (items[p].key <= items[i].key) break;
      [items[p], items[i]] = [items[i], items[p]];
      i = p;
    }
  }

  pop(): T | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0];
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && items[l].key < items[m].key) m = l;
        if (r < items.length && items[r].key < items[m].key) m = r;
        if (m === i) break;
        [items[m], items[i]] = [items[i], items[m]];
        i = m;
      }
    }
    return top.value;
  }
}
