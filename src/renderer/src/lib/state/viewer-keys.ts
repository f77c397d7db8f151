// The viewer's keyboard map as a pure function from a key press to an action, plus the list the
// `?` overlay shows. Class keys (digits or letters assigned to label classes) win over letters.

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

export type ViewerAction =
  | { type: 'pan'; fraction: number }
  | { type: 'zoom'; factor: number }
  | { type: 'home' }
  | { type: 'end' }
  | { type: 'fit' }
  | { type: 'segment'; dir: 1 | -1 }
  | { type: 'delete' }
  | { type: 'confirm' }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'class'; key: string }
  | { type: 'help' }
  | { type: 'escape' };

export const PAN_STEP = 0.1;
export const PAN_STEP_LARGE = 0.5;
export const ZOOM_STEP = 1.5;
export const ZOOM_STEP_LARGE = 4;

/** Maps a key press to an action, or null when the viewer should leave it alone. */
export function keyToAction(e: KeyPress, classKeys: ReadonlySet<string>): ViewerAction | null {
  const mod = e.ctrlKey || e.metaKey;
  const k = e.key;
  if (mod && !e.altKey) {
    const lower = k.toLowerCase();
    if (lower === 'z') return e.shiftKey ? { type: 'redo' } : { type: 'undo' };
    if (lower === 'y' && !e.shiftKey) return { type: 'redo' };
    return null;
  }
  if (e.altKey) return null;
  switch (k) {
    case 'ArrowLeft':
      return { type: 'pan', fraction: -(e.shiftKey ? PAN_STEP_LARGE : PAN_STEP) };
    case 'ArrowRight':
      return { type: 'pan', fraction: e.shiftKey ? PAN_STEP_LARGE : PAN_STEP };
    case 'ArrowUp':
    case '+':
    case '=':
      return { type: 'zoom', factor: e.shiftKey && k === 'ArrowUp' ? ZOOM_STEP_LARGE : ZOOM_STEP };
    case 'ArrowDown':
    case '-':
    case '_':
      return { type: 'zoom', factor: 1 / (e.shiftKey && k === 'ArrowDown' ? ZOOM_STEP_LARGE : ZOOM_STEP) };
    case 'Home':
      return { type: 'home' };
    case 'End':
      return { type: 'end' };
    case 'Tab':
      return { type: 'segment', dir: e.shiftKey ? -1 : 1 };
    case 'Delete':
    case 'Backspace':
      return { type: 'delete' };
    case 'Enter':
      return { type: 'confirm' };
    case 'Escape':
      return { type: 'escape' };
    case '?':
      return { type: 'help' };
  }
  const lower = k.length === 1 ? k.toLowerCase() : '';
  if (lower && classKeys.has(lower)) return { type: 'class', key: lower };
  if (lower === 'f') return { type: 'fit' };
  return null;
}

export interface TargetLike {
  tagName?: string;
  isContentEditable?: boolean;
  type?: string;
}

const TEXT_INPUT_TYPES = new Set(['', 'text', 'search', 'email', 'url', 'tel', 'password', 'number', 'date', 'time', 'datetime-local', 'month', 'week']);

/** True while the user is typing somewhere: shortcuts must not fire. */
export function isTypingTarget(t: TargetLike | null | undefined): boolean {
  if (!t) return false;
  if (t.isContentEditable) return true;
  const tag = (t.tagName ?? '').toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return TEXT_INPUT_TYPES.has((t.type ?? '').toLowerCase());
  return false;
}

export interface Shortcut {
  keys: string;
  does: string;
}

export const SHORTCUTS: Shortcut[] = [
  { keys: '← / →', does: 'pan by a tenth of the view (Shift: half)' },
  { keys: '+ / − or ↑ / ↓', does: 'zoom in / out (Shift+↑/↓: 4×)' },
  { keys: 'Home / End', does: 'go to the start / end' },
  { keys: 'f', does: 'fit the whole recording' },
  { keys: 'wheel / pinch', does: 'zoom at the pointer (Shift+wheel or sideways scroll: pan)' },
  { keys: 'Alt+drag, middle-drag', does: 'pan' },
  { keys: 'drag on the plot', does: 'create a segment of the active class' },
  { keys: 'drag a segment edge', does: 'resize it (snaps to samples)' },
  { keys: 'click a segment', does: 'select it' },
  { keys: '1–9 (class keys)', does: 'choose the active class; relabel the selected segment' },
  { keys: 'Tab / Shift+Tab', does: 'next / previous segment' },
  { keys: 'Delete / Backspace', does: 'delete the selected segment' },
  { keys: 'Enter', does: 'confirm the selected predicted segment' },
  { keys: 'Ctrl+Z', does: 'undo' },
  { keys: 'Ctrl+Shift+Z, Ctrl+Y', does: 'redo' },
  { keys: 'Esc', does: 'cancel a drag, clear the selection, close this help' },
  { keys: '?', does: 'show / hide this help' }
];
