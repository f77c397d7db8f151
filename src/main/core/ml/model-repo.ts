// Trained models in SQLite (table `models`, migration 2): metadata as JSON columns, the topology as
// JSON and the weights as one BLOB. A model is named by id or by name (names are unique, case-blind,
// and never all digits, so a reference is never ambiguous).
import type { ModelSummary, ModelWindow, TrainMetrics } from '../../../shared/api/ml';
import type { Channel } from '../../../shared/domain';
import { AppError, notFound } from '../../../shared/errors';
import type { Db } from '../store/db';
import type { Normalisation } from './normalise';
import type { SerializedModel } from './worker-protocol';

interface Row {
  id: number;
  name: string;
  arch: string;
  classes: string;
  channels: string;
  sample_rate: number;
  window: string;
  normalisation: string;
  config: string;
  metrics: string | null;
  params: number;
  backend: string;
  duration_s: number;
  created_at: string;
}

const SUMMARY_COLUMNS =
  'id, name, arch, classes, channels, sample_rate, window, normalisation, config, metrics, params, backend, duration_s, created_at';

export interface NewModel {
  name: string;
  arch: string;
  classes: string[];
  channels: Channel[];
  sampleRate: number;
  window: ModelWindow;
  normalisation: Normalisation;
  config: Record<string, unknown>;
  metrics: TrainMetrics | null;
  params: number;
  backend: string;
  durationS: number;
  createdAt?: string;
  artifacts: SerializedModel;
}

function toSummary(r: Row): ModelSummary {
  return {
    id: r.id,
    name: r.name,
    arch: r.arch,
    classes: JSON.parse(r.classes) as string[],
    channels: JSON.parse(r.channels) as Channel[],
    sampleRate: r.sample_rate,
    window: JSON.parse(r.window) as ModelWindow,
    normalisation: JSON.parse(r.normalisation) as Normalisation,
    config: JSON.parse(r.config) as Record<string, unknown>,
    metrics: r.metrics ? (JSON.parse(r.metrics) as TrainMetrics) : null,
    params: r.params,
    backend: r.backend,
    durationS: r.duration_s,
    createdAt: r.created_at
  };
}

export function checkModelName(name: string): string {
  const n = name.trim();
  if (!n) throw new AppError('BAD_REQUEST', 'a model name cannot be empty');
  if (/^\d+$/.test(n)) throw new AppError('BAD_REQUEST', `a model name cannot be only digits ("${n}" would read as an id)`);
  return n;
}

export class ModelRepo {
  constructor(private readonly db: Db) {}

  list(): ModelSummary[] {
    return (this.db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM models ORDER BY id DESC`).all() as Row[]).map(toSummary);
  }

  /** Id of a model given by id (number or digit string) or by name. */
  resolveId(ref: string | number): number {
    if (typeof ref === 'number' || /^\d+$/.test(ref)) {
      const row = this.db.prepare('SELECT id FROM models WHERE id = ?').get(Number(ref)) as { id: number } | undefined;
      if (row) return row.id;
      throw new AppError('NOT_FOUND', `model ${ref} does not exist`, { what: 'model', id: ref });
    }
    const row = this.db.prepare('SELECT id FROM models WHERE name = ?').get(ref.trim()) as { id: number } | undefined;
    if (!row) throw new AppError('NOT_FOUND', `model "${ref}" does not exist`, { what: 'model', id: ref });
    return row.id;
  }

  get(ref: string | number): ModelSummary {
    const id = this.resolveId(ref);
    const row = this.db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM models WHERE id = ?`).get(id) as Row | undefined;
    if (!row) throw notFound('model', id);
    return toSummary(row);
  }

  artifacts(ref: string | number): SerializedModel {
    const id = this.resolveId(ref);
    const row = this.db.prepare('SELECT topology, weight_specs, weights FROM models WHERE id = ?').get(id) as {
      topology: string;
      weight_specs: string;
      weights: Buffer;
    };
    const w = row.weights;
    return {
      modelTopology: JSON.parse(row.topology) as unknown,
      weightSpecs: JSON.parse(row.weight_specs) as SerializedModel['weightSpecs'],
      weightData: w.buffer.slice(w.byteOffset, w.byteOffset + w.byteLength) as ArrayBuffer
    };
  }

  exists(name: string): boolean {
    return Boolean(this.db.prepare('SELECT 1 FROM models WHERE name = ?').get(name.trim()));
  }

  /** `base`, or `base (2)`, `base (3)`… whichever is free. */
  uniqueName(base: string): string {
    const b = checkModelName(base);
    if (!this.exists(b)) return b;
    for (let i = 2; ; i++) if (!this.exists(`${b} (${i})`)) return `${b} (${i})`;
  }

  insert(m: NewModel): ModelSummary {
    const name = checkModelName(m.name);
    if (this.exists(name)) throw new AppError('CONFLICT', `a model named "${name}" already exists`);
    const info = this.db
      .prepare(
        `INSERT INTO models (name, arch, classes, channels, sample_rate, window, normalisation, config, metrics, topology,
           weight_specs, weights, params, backend, duration_s, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
      )
      .run(
        name, m.arch, JSON.stringify(m.classes), JSON.stringify(m.channels), m.sampleRate, JSON.stringify(m.window),
        JSON.stringify(m.normalisation), JSON.stringify(m.config), m.metrics ? JSON.stringify(m.metrics) : null,
        JSON.stringify(m.artifacts.modelTopology), JSON.stringify(m.artifacts.weightSpecs), Buffer.from(m.artifacts.weightData),
        m.params, m.backend, m.durationS, m.createdAt ?? new Date().toISOString()
      );
    return this.get(Number(info.lastInsertRowid));
  }

  rename(ref: string | number, name: string): ModelSummary {
    const id = this.resolveId(ref);
    const n = checkModelName(name);
    const other = this.db.prepare('SELECT id FROM models WHERE name = ?').get(n) as { id: number } | undefined;
    if (other && other.id !== id) throw new AppError('CONFLICT', `a model named "${n}" already exists`);
    this.db.prepare('UPDATE models SET name = ? WHERE id = ?').run(n, id);
    return this.get(id);
  }

  delete(ref: string | number): number {
    const id = this.resolveId(ref);
    return this.db.prepare('DELETE FROM models WHERE id = ?').run(id).changes;
  }
}
