import { describe, expect, it } from 'vitest';
import { UndoStack } from '../../src/renderer/src/lib/state/viewer-undo';

function counter() {
  const state = { value: 0 };
  const entry = (delta: number) => ({
    label: `add ${delta}`,
    undo: async () => {
      state.value -= delta;
    },
    redo: async () => {
      state.value += delta;
    }
  });
  return { state, entry };
}

describe('UndoStack', () => {
  it('undoes and redoes in order', async () => {
    const { state, entry } = counter();
    const s = new UndoStack();
    for (const d of [1, 10, 100]) {
      state.value += d;
      s.push(entry(d));
    }
    expect(s.undoLabel).toBe('add 100');
    await s.undo();
    await s.undo();
    expect(state.value).toBe(1);
    expect(s.redoLabel).toBe('add 10');
    await s.redo();
    expect(state.value).toBe(11);
    expect(s.size).toEqual({ done: 2, undone: 1 });
  });

  it('a new edit clears the redo side', async () => {
    const { state, entry } = counter();
    const s = new UndoStack();
    state.value += 1;
    s.push(entry(1));
    await s.undo();
    expect(s.canRedo).toBe(true);
    state.value += 5;
    s.push(entry(5));
    expect(s.canRedo).toBe(false);
    expect(await s.redo()).toBe(false);
  });

  it('returns false with nothing to undo', async () => {
    const s = new UndoStack();
    expect(await s.undo()).toBe(false);
    expect(s.canUndo).toBe(false);
  });

  it('keeps at most `limit` entries', () => {
    const { entry } = counter();
    const s = new UndoStack(3);
    for (let i = 0; i < 10; i++) s.push(entry(i));
    expect(s.size.done).toBe(3);
    expect(s.undoLabel).toBe('add 9');
  });

  it('runs rapid undo/redo calls one after another', async () => {
    const log: string[] = [];
    const s = new UndoStack();
    const slow = (name: string) => ({
      label: name,
      undo: async () => {
        log.push(`undo ${name} start`);
        await new Promise((r) => setTimeout(r, 10));
        log.push(`undo ${name} end`);
      },
      redo: async () => {
        log.push(`redo ${name}`);
      }
    });
    s.push(slow('a'));
    s.push(slow('b'));
    await Promise.all([s.undo(), s.undo(), s.redo()]);
    expect(log).toEqual(['undo b start', 'undo b end', 'undo a start', 'undo a end', 'redo a']);
  });

  it('leaves a failed entry in place and keeps working', async () => {
    const s = new UndoStack();
    let fail = true;
    s.push({
      label: 'flaky',
      undo: async () => {
        if (fail) throw new Error('server down');
      },
      redo: async () => undefined
    });
    await expect(s.undo()).rejects.toThrow('server down');
    expect(s.canUndo).toBe(true);
    fail = false;
    expect(await s.undo()).toBe(true);
    expect(s.canRedo).toBe(true);
  });

  it('reports changes', () => {
    let n = 0;
    const s = new UndoStack(10, () => n++);
    s.push({ label: 'x', undo: async () => undefined, redo: async () => undefined });
    s.clear();
    expect(n).toBe(2);
  });
});
