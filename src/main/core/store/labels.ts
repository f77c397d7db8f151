// Label classes: name, colour, keyboard key.
import type { LabelClass } from '../../../shared/domain';
import { AppError, notFound } from '../../../shared/errors';
import type { Db } from './db';

/** A colour-blind-friendly palette (Okabe–Ito plus extras) for new classes. */
export const PALETTE = [
  '#e69f00', '#56b4e9', '#009e73', '#f0e442', '#0072b2', '#d55e00', '#cc79a7', '#999999',
  '#882255', '#44aa99', '#117733', '#332288'
];

interface Row {
  id: number;
  name: string;
  color: string;
  key: string | null;
}

export class LabelRepo {
  constructor(private readonly db: Db) {}

  list(): LabelClass[] {
    return this.db.prepare('SELECT id, name, color, key FROM label_classes ORDER BY id').all() as Row[];
  }

  get(id: number): LabelClass {
    const row = this.db.prepare('SELECT id, name, color, key FROM label_classes WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw notFound('label class', id);
    return row;
  }

  findByName(name: string): LabelClass | undefined {
    return this.db.prepare('SELECT id, name, color, key FROM label_classes WHERE name = ?').get(name) as
      | Row
      | undefined;
  }

  /** The class with this name, created with the next palette colour and a free digit key if missing. */
  ensure(name: string): LabelClass {
    return this.findByName(name) ?? this.create({ name });
  }

  create(input: { name: string; color?: string; key?: string | null }): LabelClass {
    if (this.findByName(input.name)) {
      throw new AppError('CONFLICT', `a label class named "${input.name}" already exists`);
    }
    const count = (this.db.prepare('SELECT COUNT(*) AS n FROM label_classes').get() as { n: number }).n;
    const color = input.color ?? PALETTE[count % PALETTE.length];
    const key = input.key === undefined ? this.freeDigitKey() : input.key;
    if (key !== null) this.assertKeyFree(key);
    const info = this.db
      .prepare('INSERT INTO label_classes (name, color, key) VALUES (?, ?, ?)')
      .run(input.name, color, key);
    return this.get(Number(info.lastInsertRowid));
  }

  update(input: { id: number; name?: string; color?: string; key?: string | null }): LabelClass {
    const cur = this.get(input.id);
    if (input.name !== undefined && input.name.toLowerCase() !== cur.name.toLowerCase() && this.findByName(input.name)) {
      throw new AppError('CONFLICT', `a label class named "${input.name}" already exists`);
    }
    if (input.key !== undefined && input.key !== null && input.key !== cur.key) this.assertKeyFree(input.key);
    const next = {
      name: input.name ?? cur.name,
      color: input.color ?? cur.color,
      key: input.key === undefined ? cur.key : input.key
    };
    this.db
      .prepare('UPDATE label_classes SET name = ?, color = ?, key = ? WHERE id = ?')
      .run(next.name, next.color, next.key, input.id);
    return this.get(input.id);
  }

  delete(id: number): number {
    this.get(id);
    return this.db.prepare('DELETE FROM label_classes WHERE id = ?').run(id).changes;
  }

  private assertKeyFree(key: string): void {
    const owner = this.db.prepare('SELECT name FROM label_classes WHERE key = ?').get(key) as { name: string } | undefined;
    if (owner) throw new AppError('CONFLICT', `key "${key}" is already used by label class "${owner.name}"`);
  }

  private freeDigitKey(): string | null {
    const used = new Set((this.db.prepare('SELECT key FROM label_classes WHERE key IS NOT NULL').all() as Row[]).map((r) => r.key));
    for (let d = 1; d <= 9; d++) if (!used.has(String(d))) return String(d);
    return null;
  }
}
