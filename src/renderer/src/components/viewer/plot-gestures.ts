// Pointer and wheel input over the plot area. Mouse: drag creates a segment of the active class,
// dragging a segment edge resizes it, click selects, Alt/middle-drag pans, wheel zooms at the
// pointer (Shift+wheel or sideways scroll pans, trackpad pinch arrives as Ctrl+wheel). Touch: one
// finger pans, two fingers pinch-zoom.
import { wheelFactor } from '../../lib/state/viewer-math';
import { hitTest, planCreate, planResize } from '../../lib/state/viewer-segments';
import type { ViewerState } from '../../lib/state/viewer.svelte';

type Mode =
  | { kind: 'create'; x0: number; s0: number; moved: boolean }
  | { kind: 'resize'; id: number; side: 'start' | 'end'; moved: boolean }
  | { kind: 'pan'; lastX: number }
  | { kind: 'pinch'; dist: number; mid: number };

const DRAG_THRESHOLD_PX = 3;

export class PlotGestures {
  private mode: Mode | null = null;
  private left = 0;
  private readonly touches = new Map<number, number>();

  constructor(
    private readonly v: ViewerState,
    private readonly el: HTMLElement
  ) {}

  private x(e: { clientX: number }): number {
    return e.clientX - this.left;
  }

  private width(): number {
    return this.v.plotBox.width;
  }

  down(e: PointerEvent): void {
    this.left = this.el.getBoundingClientRect().left;
    this.el.focus({ preventScroll: true });
    const x = this.x(e);
    if (e.pointerType === 'touch') {
      this.touches.set(e.pointerId, x);
      this.el.setPointerCapture(e.pointerId);
      this.mode = this.touches.size >= 2 ? this.pinchMode() : { kind: 'pan', lastX: x };
      return;
    }
    if (e.button === 1 || (e.button === 0 && e.altKey)) {
      e.preventDefault();
      this.mode = { kind: 'pan', lastX: x };
    } else if (e.button === 0) {
      const ed = this.v.editor;
      const hit = hitTest(x, ed.segments, this.v.win, this.width(), 6, ed.selectedId);
      if (hit.kind === 'edge') {
        const seg = ed.segments.find((s) => s.id === hit.id)!;
        ed.selectedId = hit.id;
        this.mode = { kind: 'resize', id: hit.id, side: hit.side, moved: false };
        this.v.draft = { start: seg.startSample, end: seg.endSample, mode: 'resize', id: hit.id };
      } else {
        this.mode = { kind: 'create', x0: x, s0: this.v.sampleAt(x), moved: false };
      }
    } else return;
    this.el.setPointerCapture(e.pointerId);
  }

  private pinchMode(): Mode {
    const xs = [...this.touches.values()].slice(0, 2);
    return { kind: 'pinch', dist: Math.max(1, Math.abs(xs[0] - xs[1])), mid: (xs[0] + xs[1]) / 2 };
  }

  move(e: PointerEvent): void {
    const x = this.x(e);
    const m = this.mode;
    if (e.pointerType === 'touch' && this.touches.has(e.pointerId)) this.touches.set(e.pointerId, x);
    if (!m) {
      this.hover(x);
      return;
    }
    const v = this.v;
    if (m.kind === 'pan') {
      v.panPx(x - m.lastX);
      m.lastX = x;
    } else if (m.kind === 'pinch') {
      const next = this.pinchMode() as Extract<Mode, { kind: 'pinch' }>;
      v.panPx(next.mid - m.mid);
      v.zoom(next.dist / m.dist, v.sampleAt(next.mid));
      this.mode = next;
    } else if (m.kind === 'create') {
      if (!m.moved && Math.abs(x - m.x0) < DRAG_THRESHOLD_PX) return;
      if (m.moved && v.draft === null) return; // cancelled with Esc
      m.moved = true;
      const s = v.sampleAt(x);
      v.draft = { start: Math.min(m.s0, s), end: Math.max(m.s0, s), mode: 'create', id: null };
    } else if (m.kind === 'resize') {
      const seg = v.editor.segments.find((s) => s.id === m.id);
      if (!seg || v.draft === null) return;
      m.moved = true;
      const b = planResize(seg, m.side, v.sampleAt(x), v.total);
      v.draft = { start: b.startSample, end: b.endSample, mode: 'resize', id: m.id };
    }
  }

  up(e: PointerEvent): void {
    const m = this.mode;
    if (e.pointerType === 'touch') {
      this.touches.delete(e.pointerId);
      this.mode = this.touches.size >= 2 ? this.pinchMode() : this.touches.size === 1 ? { kind: 'pan', lastX: [...this.touches.values()][0] } : null;
      return;
    }
    this.mode = null;
    if (!m) return;
    const v = this.v;
    const ed = v.editor;
    const draft = v.draft;
    v.draft = null;
    if (m.kind === 'create') {
      if (!m.moved) {
        const hit = hitTest(this.x(e), ed.segments, v.win, this.width(), 0);
        ed.selectedId = hit.kind === 'segment' || hit.kind === 'edge' ? hit.id : null;
      } else if (draft) {
        const plan = planCreate(m.s0, v.sampleAt(this.x(e)), v.total);
        if (plan) void ed.create(plan.startSample, plan.endSample);
      }
    } else if (m.kind === 'resize' && m.moved && draft) {
      const seg = ed.segments.find((s) => s.id === m.id);
      if (seg && (seg.startSample !== draft.start || seg.endSample !== draft.end)) void ed.resize(m.id, draft.start, draft.end);
    }
  }

  cancel(e: PointerEvent): void {
    this.touches.delete(e.pointerId);
    this.mode = null;
    this.v.draft = null;
  }

  leave(): void {
    if (!this.mode) this.v.hoverSample = null;
  }

  private hover(x: number): void {
    const v = this.v;
    v.hoverSample = v.sampleAt(x);
    const hit = hitTest(x, v.editor.segments, v.win, this.width(), 6, v.editor.selectedId);
    this.el.style.cursor = hit.kind === 'edge' ? 'ew-resize' : 'crosshair';
  }

  wheel(e: WheelEvent): void {
    e.preventDefault();
    this.left = this.el.getBoundingClientRect().left;
    const v = this.v;
    const sideways = Math.abs(e.deltaX) > Math.abs(e.deltaY);
    if (e.shiftKey || sideways) {
      const d = sideways ? e.deltaX : e.deltaY;
      v.panPx(-(e.deltaMode === 1 ? d * 16 : d));
      return;
    }
    const factor = wheelFactor(e.ctrlKey ? e.deltaY * 4 : e.deltaY, e.deltaMode);
    v.zoom(factor, v.sampleAt(this.x(e)));
  }
}
