// Writes bytes to a temporary file and parses it with parseFile into a MemorySink.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFile } from '../../../src/main/core/importers';
import type { ImportOptionsForFile } from '../../../src/main/core/importers/types';
import { MemorySink } from './memory-sink';

export interface Parsed {
  sink: MemorySink;
  importer: string;
  bytes: number[];
  path: string;
}

let dir: string | null = null;
export function tempDir(): string {
  if (!dir) {
    dir = mkdtempSync(join(tmpdir(), 'sensorlab-importers-'));
    process.on('exit', () => rmSync(dir!, { recursive: true, force: true }));
  }
  return dir;
}

export function writeTemp(name: string, content: string | Buffer): string {
  const p = join(tempDir(), name);
  writeFileSync(p, content);
  return p;
}

export async function parsePath(path: string, options: Partial<ImportOptionsForFile> = {}, signal = new AbortController().signal): Promise<Parsed> {
  const sink = new MemorySink();
  const bytes: number[] = [];
  const imp = await parseFile(path, { resample: false, ...options }, sink, signal, (b) => bytes.push(b));
  return { sink, importer: imp.id, bytes, path };
}

export async function parseText(name: string, content: string | Buffer, options: Partial<ImportOptionsForFile> = {}): Promise<Parsed> {
  return parsePath(writeTemp(name, content), options);
}

/** The error parseText throws (fails the test when it does not throw). */
export async function parseError(name: string, content: string | Buffer, options: Partial<ImportOptionsForFile> = {}): Promise<{ code: string; message: string; details: unknown }> {
  try {
    await parseText(name, content, options);
  } catch (err) {
    const e = err as { code: string; message: string; details: unknown };
    return { code: e.code, message: e.message, details: e.details };
  }
  throw new Error(`${name} was imported, an error was expected`);
}
