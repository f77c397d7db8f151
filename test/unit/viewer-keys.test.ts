import { describe, expect, it } from 'vitest';
import { type KeyPress, SHORTCUTS, isTypingTarget, keyToAction } from '../../src/renderer/src/lib/state/viewer-keys';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods
});
const none = new Set<string>();
const classes = new Set(['1', '2', '3', 'w']);

describe('viewer key map', () => {
  it('pans and zooms', () => {
    expect(keyToAction(press('ArrowLeft'), none)).toEqual({ type: 'pan', fraction: -0.1 });
    expect(keyToAction(press('ArrowRight', { shiftKey: true }), none)).toEqual({ type: 'pan', fraction: 0.5 });
    expect(keyToAction(press('+'), none)).toEqual({ type: 'zoom', factor: 1.5 });
    expect(keyToAction(press('='), none)).toEqual({ type: 'zoom', factor: 1.5 });
    expect(keyToAction(press('-'), none)).toEqual({ type: 'zoom', factor: 1 / 1.5 });
    expect(keyToAction(press('ArrowUp'), none)).toEqual({ type: 'zoom', factor: 1.5 });
    expect(keyToAction(press('ArrowDown', { shiftKey: true }), none)).toEqual({ type: 'zoom', factor: 1 / 4 });
    expect(keyToAction(press('Home'), none)).toEqual({ type: 'home' });
    expect(keyToAction(press('End'), none)).toEqual({ type: 'end' });
    expect(keyToAction(press('f'), none)).toEqual({ type: 'fit' });
    expect(keyToAction(press('F', { shiftKey: true }), none)).toEqual({ type: 'fit' });
  });

  it('undo and redo with Ctrl or Cmd', () => {
    expect(keyToAction(press('z', { ctrlKey: true }), none)).toEqual({ type: 'undo' });
    expect(keyToAction(press('Z', { ctrlKey: true, shiftKey: true }), none)).toEqual({ type: 'redo' });
    expect(keyToAction(press('y', { ctrlKey: true }), none)).toEqual({ type: 'redo' });
    expect(keyToAction(press('z', { metaKey: true }), none)).toEqual({ type: 'undo' });
    expect(keyToAction(press('c', { ctrlKey: true }), classes)).toBeNull();
  });

  it('segments: Tab, Delete, Enter', () => {
    expect(keyToAction(press('Tab'), none)).toEqual({ type: 'segment', dir: 1 });
    expect(keyToAction(press('Tab', { shiftKey: true }), none)).toEqual({ type: 'segment', dir: -1 });
    expect(keyToAction(press('Delete'), none)).toEqual({ type: 'delete' });
    expect(keyToAction(press('Backspace'), none)).toEqual({ type: 'delete' });
    expect(keyToAction(press('Enter'), none)).toEqual({ type: 'confirm' });
  });

  it('class keys, and class letters win over built-in letters', () => {
    expect(keyToAction(press('2'), classes)).toEqual({ type: 'class', key: '2' });
    expect(keyToAction(press('9'), classes)).toBeNull();
    expect(keyToAction(press('w'), classes)).toEqual({ type: 'class', key: 'w' });
    expect(keyToAction(press('f'), new Set(['f']))).toEqual({ type: 'class', key: 'f' });
    expect(keyToAction(press('2', { altKey: true }), classes)).toBeNull();
  });

  it('help and escape', () => {
    expect(keyToAction(press('?', { shiftKey: true }), none)).toEqual({ type: 'help' });
    expect(keyToAction(press('Escape'), none)).toEqual({ type: 'escape' });
    expect(keyToAction(press('q'), none)).toBeNull();
  });

  it('knows when the user is typing', () => {
    expect(isTypingTarget({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'number' })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTypingTarget({ tagName: 'textarea' })).toBe(true);
    expect(isTypingTarget({ tagName: 'SELECT' })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isTypingTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });

  it('documents every shortcut family', () => {
    const text = SHORTCUTS.map((s) => s.keys).join(' ');
    for (const k of ['←', 'Home', 'f', 'Tab', 'Delete', 'Ctrl+Z', 'Ctrl+Y', '?', '1–9']) expect(text).toContain(k);
  });
});
