// A linear undo/redo history of asynchronous edits. Each entry knows how to undo and redo itself;
// operations run one at a time, and an entry whose step fails stays where it was.

export interface UndoEntry {
  /** What the edit did, for tooltips ("create segment", "rename class"). */
  label: string;
  undo(): Promise<void>;
  redo(): Promise<void>;
}

export class UndoStack {
  private done: UndoEntry[] = [];
  private undone: UndoEntry[] = [];
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly limit = 200,
    private readonly onChange: () => void = () => undefined
  ) {}

  get canUndo(): boolean {
    return this.done.length > 0;
  }

  get canRedo(): boolean {
    return this.undone.length > 0;
  }

  get undoLabel(): string | null {
    return this.done.at(-1)?.label ?? null;
  }

  get redoLabel(): string | null {
    return this.undone.at(-1)?.label ?? null;
  }

  get size(): { done: number; undone: number } {
    return { done: this.done.length, undone: this.undone.length };
  }

  /** Records an edit that has already been applied; clears the redo side. */
  push(entry: UndoEntry): void {
    this.done.push(entry);
    if (this.done.length > this.limit) this.done.splice(0, this.done.length - this.limit);
    this.undone = [];
    this.onChange();
  }

  /** Undoes the newest edit. Resolves to false when there was nothing to undo. */
  undo(): Promise<boolean> {
    return this.serial(async () => {
      const e = this.done.at(-1);
      if (!e) return false;
      await e.undo();
      this.done.pop();
      this.undone.push(e);
      this.onChange();
      return true;
    });
  }

  /** Redoes the newest undone edit. Resolves to false when there was nothing to redo. */
  redo(): Promise<boolean> {
    return this.serial(async () => {
      const e = this.undone.at(-1);
      if (!e) return false;
      await e.redo();
      this.undone.pop();
      this.done.push(e);
      this.onChange();
      return true;
    });
  }

  clear(): void {
    this.done = [];
    this.undone = [];
    this.onChange();
  }

  /** Runs `fn` after every queued undo/redo has settled (edits use it too, so order is kept). */
  serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.running.then(fn, fn);
    this.running = next.catch(() => undefined);
    return next;
  }
}
