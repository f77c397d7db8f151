// Turns keyboard actions into viewer and editor calls. The key map itself is pure (viewer-keys).
import { type KeyPress, type ViewerAction, isTypingTarget, keyToAction } from './viewer-keys';
import { neighbourSegment } from './viewer-segments';
import type { ViewerState } from './viewer.svelte';

export function classKeys(v: ViewerState): Set<string> {
  return new Set(v.editor.labels.map((l) => l.key).filter((k): k is string => k !== null));
}

/** Chooses a class: it becomes the active one and, if a segment is selected, its new label. */
export function chooseClass(v: ViewerState, labelId: number): void {
  const ed = v.editor;
  ed.activeLabelId = labelId;
  const sel = ed.selected;
  if (sel && sel.labelId !== labelId) void ed.relabel(sel.id, labelId);
}

export function selectSegment(v: ViewerState, id: number | null, reveal = true): void {
  v.editor.selectedId = id;
  const s = v.editor.selected;
  if (s && reveal) v.reveal(s.startSample, s.endSample);
}

export function runAction(v: ViewerState, a: ViewerAction): void {
  const ed = v.editor;
  switch (a.type) {
    case 'pan':
      return v.pan(a.fraction);
    case 'zoom':
      return v.zoom(a.factor);
    case 'home':
      return v.home();
    case 'end':
      return v.end();
    case 'fit':
      return v.fit();
    case 'segment': {
      const from = ed.selectedId === null ? (a.dir === 1 ? v.win.start : v.win.end) : 0;
      const next = neighbourSegment(ed.segments, ed.selectedId, from, a.dir);
      if (next) selectSegment(v, next.id);
      return;
    }
    case 'delete':
      if (ed.selectedId !== null) void ed.remove(ed.selectedId);
      return;
    case 'confirm':
      if (ed.selectedId !== null) void ed.confirm(ed.selectedId);
      return;
    case 'undo':
      void ed.undo();
      return;
    case 'redo':
      void ed.redo();
      return;
    case 'class': {
      const l = ed.labelByKey(a.key);
      if (l) chooseClass(v, l.id);
      return;
    }
    case 'help':
      v.helpOpen = !v.helpOpen;
      return;
    case 'escape':
      if (v.helpOpen) v.helpOpen = false;
      else if (v.draft) v.draft = null;
      else ed.selectedId = null;
      return;
  }
}

/**
 * The window-level key handler. Ignores typing in inputs and key presses that belong to other
 * focused controls (Tab moves focus unless the plot or the page itself has it).
 */
export function handleKey(v: ViewerState, e: KeyboardEvent, plotEl: HTMLElement | null): void {
  if (e.defaultPrevented || e.isComposing) return;
  const target = e.target as (HTMLElement & { type?: string }) | null;
  if (isTypingTarget(target)) return;
  const onPage = !target || target === document.body || target === document.documentElement;
  const inViewer = onPage || (v.root !== null && v.root.contains(target));
  if (!inViewer) return;
  const press: KeyPress = { key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, shiftKey: e.shiftKey, altKey: e.altKey };
  const action = keyToAction(press, classKeys(v));
  if (!action) return;
  const focusedControl = !onPage && target !== plotEl;
  // Let focused buttons keep Tab (focus moves), Enter/Space (activate) and arrows.
  if (focusedControl && (action.type === 'segment' || action.type === 'confirm' || e.key.startsWith('Arrow'))) return;
  e.preventDefault();
  runAction(v, action);
}
