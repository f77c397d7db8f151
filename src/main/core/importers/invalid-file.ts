// One way to say "this file is bad": an AppError INVALID_FILE whose message names the file, the place
// (line or byte) and the problem, e.g. `data.csv line 17: expected 9 columns, found 7`.
import { basename } from 'node:path';
import { AppError } from '../../../shared/errors';

export interface FilePlace {
  line?: number;
  byte?: number;
}

/** Builds the INVALID_FILE error; `details` carries the full path and the place. */
export function invalidFile(path: string, place: FilePlace, problem: string): AppError {
  const where = place.line !== undefined ? ` line ${place.line}` : place.byte !== undefined ? ` byte ${place.byte}` : '';
  const details: { file: string; line?: number; byte?: number } = { file: path };
  if (place.line !== undefined) details.line = place.line;
  if (place.byte !== undefined) details.byte = place.byte;
  return new AppError('INVALID_FILE', `${basename(path)}${where}: ${problem}`, details);
}

/** A short printable rendering of a field for messages (quotes, escapes control bytes, cuts long text). */
export function showText(text: string, max = 40): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(cut);
}

/** Formats a number for messages without a cloud of digits. */
export function fmtNum(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) >= 1e6 || Math.abs(x) < 1e-3)) return x.toPrecision(4);
  return String(Number(x.toPrecision(6)));
}

/** Throws signal.reason when the import was cancelled (checked between blocks). */
export function checkAbort(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason ?? new AppError('CANCELLED', 'import cancelled');
}
