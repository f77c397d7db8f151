// Does a recording fit a model? Channels are matched by name (any order, case-blind), else by position
// when the counts agree; the rate must match unless resampling was asked for.
import type { Channel } from '../../../shared/domain';

export interface ModelInput {
  channels: Channel[];
  sampleRate: number;
}

export type ChannelFit = { ok: true; map: number[]; warning: string | null } | { ok: false; reason: string };

const names = (cs: Channel[]) => cs.map((c) => c.name).join(', ');

export function matchChannels(model: Channel[], file: Channel[]): ChannelFit {
  const key = (c: Channel) => c.name.trim().toLowerCase();
  const index = new Map<string, number>();
  file.forEach((c, i) => {
    if (!index.has(key(c))) index.set(key(c), i);
  });
  const byName = model.map((c) => index.get(key(c)));
  if (byName.every((i) => i !== undefined)) {
    const map = byName as number[];
    const extra = file.length - model.length;
    return { ok: true, map, warning: extra > 0 ? `${extra} channel(s) the model does not use were ignored` : null };
  }
  if (file.length === model.length) {
    return { ok: true, map: model.map((_, i) => i), warning: `channel names differ (model: ${names(model)}; file: ${names(file)}); matched by position` };
  }
  return {
    ok: false,
    reason: `the model needs ${model.length} channel(s) (${names(model)}) but the recording has ${file.length} (${names(file)})`
  };
}

/** Relative rate difference treated as equal (float rates from timestamps). */
const RATE_TOLERANCE = 1e-3;

export function ratesMatch(a: number, b: number): boolean {
  return Math.abs(a - b) <= RATE_TOLERANCE * Math.max(a, b);
}

export function rateProblem(model: number, file: number, resample: boolean): string | null {
  if (ratesMatch(model, file) || resample) return null;
  return `the recording is sampled at ${fmt(file)} Hz but the model at ${fmt(model)} Hz; resample to classify it (--resample)`;
}

function fmt(hz: number): string {
  return Number.isInteger(hz) ? String(hz) : hz.toFixed(3).replace(/\.?0+$/, '');
}
