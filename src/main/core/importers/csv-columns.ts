// Decides what each column of a delimited-text table is: the header row or not, channel names and units
// (`acc_x (g)` / `acc_x [m/s^2]` → name acc_x, unit g / m/s^2), text columns to skip, and the time column:
//   * a column named time/t/ts/timestamp/datetime/date/elapsed/seconds/s/ms/millis/epoch… (case-insensitive),
//     its unit from the brackets or a suffix (`time_ms`, `timestamp_us`, `t (s)`): s, ms, us/µs, ns;
//     a numeric time column without a unit is read as seconds, unless its first value looks like a Unix
//     epoch in ms/µs/ns (≥ 1e11 / 1e14 / 1e17), which is said in a warning (csv.ts also warns when a
//     unit-less column read as seconds gives under 1 Hz with whole-number intervals: milliseconds?);
//   * else a first column of ISO-8601 timestamps;
//   * else, in a file without a header, a first column that strictly increases over the sniffed rows
//     (seconds). With a header, an unnamed first column of consecutive integers is an index: skipped.
// Duplicate names get _2, _3… (with a warning); names live in arrays and Maps, never as object keys.
import type { Channel } from '../../../shared/domain';
import { slowNumber } from './number-bytes';

export type TimeColumn =
  | { kind: 'none' }
  | { kind: 'num'; field: number; name: string; secondsPerUnit: number; epoch: boolean; unitGuessed: boolean }
  | { kind: 'iso'; field: number; name: string };

type Kind = 'num' | 'empty' | 'iso' | 'text';

const ISO = /^\s*"?\d{4}[-/]\d{2}[-/]\d{2}([T ]\d{2}:\d{2}(:\d{2}([.,]\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?"?\s*$/i;
const UNIT_WORDS = '(s|sec|secs|second|seconds|ms|msec|millis|millisecond|milliseconds|us|µs|usec|micros|microseconds|ns|nsec|nanos|nanoseconds|utc)';
const TIME_NAME = new RegExp(
  `^(t|ts|time|times|timestamp|timestamps|time_?stamp|datetime|date_?time|date|elapsed|elapsed_?time|time_?elapsed|sample_?time|epoch|unix_?time|${UNIT_WORDS})([_ ]?${UNIT_WORDS})?$`
);
const UNIT_IN_NAME = /^(.*?)\s*[[(]([^\])]*)[\])]\s*$/;

function kindOf(s: string, decComma: boolean): Kind {
  if (s.trim() === '') return 'empty';
  if (slowNumber(s, decComma).kind !== 'bad') return 'num';
  return ISO.test(s) ? 'iso' : 'text';
}

/** Seconds per unit for a unit word, or undefined. */
export function unitSeconds(word: string): number | undefined {
  const w = word.trim().toLowerCase();
  if (/^(s|sec|secs|second|seconds)$/.test(w)) return 1;
  if (/^(ms|msec|millis|millisecond|milliseconds)$/.test(w)) return 1e-3;
  if (/^(us|µs|usec|micros|microsecond|microseconds)$/.test(w)) return 1e-6;
  if (/^(ns|nsec|nanos|nanosecond|nanoseconds)$/.test(w)) return 1e-9;
  return undefined;
}

/** `acc_x (g)` → { name: 'acc_x', unit: 'g' }. */
export function splitUnit(header: string): { name: string; unit: string } {
  const m = UNIT_IN_NAME.exec(header.trim());
  return m ? { name: m[1].trim(), unit: m[2].trim() } : { name: header.trim(), unit: '' };
}

export interface ColumnPlan {
  header: boolean;
  finish(headerNames: string[] | null): { targets: Int32Array; channels: Channel[]; time: TimeColumn };
}

/** Looks at the sniffed rows (row 0 may be the header) and returns the header decision and a finisher. */
export function planColumns(rows: string[][], decComma: boolean, warnings: string[]): ColumnPlan {
  const n = rows[0].length;
  const kinds0 = rows[0].map((s) => kindOf(s, decComma));
  const colKinds = (from: number) =>
    Array.from({ length: n }, (_, j) => rows.slice(from).map((r) => (j < r.length ? kindOf(r[j], decComma) : 'empty')));
  const below = colKinds(1);
  const header =
    kinds0.includes('text') && (rows.length < 2 || kinds0.some((k, j) => k === 'text' && below[j].some((b) => b === 'num' || b === 'iso')));
  const data = header ? below : colKinds(0);
  const dataRows = header ? rows.slice(1) : rows;

  return {
    header,
    finish(headerNames) {
      const names = Array.from({ length: n }, (_, j) => (headerNames && j < headerNames.length ? headerNames[j] : ''));
      const parts = names.map(splitUnit);
      const targets = new Int32Array(n).fill(-2);
      const isText = (j: number) => data[j].length > 0 && data[j].every((k) => k === 'text' || k === 'empty') && data[j].includes('text');
      const allIso = (j: number) => data[j].length > 0 && data[j].every((k) => k === 'iso' || k === 'empty') && data[j].includes('iso');
      let time: TimeColumn = { kind: 'none' };
      let indexColumn = false;
      const named = header ? parts.findIndex((p) => TIME_NAME.test(p.name.toLowerCase())) : -1;
      if (named >= 0) {
        const nm = names[named].trim();
        if (allIso(named)) time = { kind: 'iso', field: named, name: nm };
        else time = numericTime(named, nm, parts[named], dataRows, decComma, warnings);
      } else if (allIso(0)) {
        time = { kind: 'iso', field: 0, name: names[0].trim() || 'column 1' };
      } else if (n >= 2 && dataRows.length >= 3) {
        const v = dataRows.map((r) => slowNumber(r[0], decComma).value);
        const increasing = v.every((x, i) => Number.isFinite(x) && (i === 0 || x > v[i - 1]));
        const unnamed = header && /^(|unnamed(: ?\d+)?|index)$/i.test(names[0].trim());
        if (increasing && unnamed && v.every((x, i) => i === 0 || x === v[i - 1] + 1)) {
          indexColumn = true;
          warnings.push(`the first column (consecutive integers, no name) is a row index; it was skipped`);
        } else if (increasing && !header) {
          time = { kind: 'num', field: 0, name: 'column 1', secondsPerUnit: 1, epoch: false, unitGuessed: true };
        }
      }
      if (time.kind !== 'none') targets[time.field] = -1;
      const channels: Channel[] = [];
      const used = new Map<string, number>();
      for (let j = 0; j < n; j++) {
        if (targets[j] === -1) continue;
        if (j === 0 && indexColumn) continue;
        const label = names[j].trim() ? `"${names[j].trim()}"` : `${j + 1}`;
        if (!names[j].trim() && data[j].every((k) => k === 'empty')) {
          warnings.push(`column ${j + 1} has no name and no values; it was skipped`);
          continue;
        }
        if (isText(j)) {
          warnings.push(`column ${label} holds text, not numbers; it was skipped`);
          continue;
        }
        let name = parts[j].name || `ch${channels.length + 1}`;
        const seen = used.get(name);
        if (seen !== undefined) {
          let k = seen + 1;
          while (used.has(`${name}_${k}`)) k++;
          used.set(name, k);
          warnings.push(`duplicate column name "${name}" (column ${j + 1}) was renamed to "${name}_${k}"`);
          name = `${name}_${k}`;
        }
        used.set(name, used.get(name) ?? 1);
        targets[j] = channels.length;
        channels.push({ name, unit: parts[j].unit });
      }
      return { targets, channels, time };
    }
  };
}

function numericTime(
  field: number,
  name: string,
  part: { name: string; unit: string },
  dataRows: string[][],
  decComma: boolean,
  warnings: string[]
): TimeColumn {
  const lower = part.name.toLowerCase();
  const suffix = /(?:^|[_ ])([a-zµ]+)$/.exec(lower);
  let spu = unitSeconds(part.unit) ?? unitSeconds(lower) ?? (suffix ? unitSeconds(suffix[1]) : undefined);
  const unitGuessed = spu === undefined;
  const first = dataRows.length ? Math.abs(slowNumber(dataRows[0][field] ?? '', decComma).value) : NaN;
  if (spu === undefined) {
    spu = first >= 1e17 ? 1e-9 : first >= 1e14 ? 1e-6 : first >= 1e11 ? 1e-3 : 1;
    if (spu !== 1) {
      const u = spu === 1e-3 ? 'milliseconds' : spu === 1e-6 ? 'microseconds' : 'nanoseconds';
      warnings.push(`the time column "${name}" has no unit; its values look like Unix epoch ${u} and were read so`);
    }
  }
  const secs = first * spu;
  const epoch = secs >= 9.466e8 && secs < 4.1e9 && /time|stamp|epoch|unix/.test(lower);
  return { kind: 'num', field, name, secondsPerUnit: spu, epoch, unitGuessed };
}
