// The importers and the one door the import job uses: detect a file's format from its content (the
// extension only breaks ties) and stream it into a FileSink.
import { basename, extname } from 'node:path';
import { AppError } from '../../../shared/errors';
import { BinaryFile } from './file-blocks';
import { invalidFile } from './invalid-file';
import { firstBinaryByte, isUtf16 } from './text-sniff';
import type { FileSink, ImportOptionsForFile, Importer, ParseContext } from './types';
import { csvImporter } from './csv';
import { wavImporter } from './wav';
import { edfImporter } from './edf';
import { ucrTsImporter } from './ucr-ts';

export type { Importer } from './types';

/** Every importer, most specific sniff first (the delimited-text sniff accepts any text). */
export const importers: Importer[] = [wavImporter, edfImporter, ucrTsImporter, csvImporter];

export const SNIFF_BYTES = 64 * 1024;

/** Picks the importer for a file from its first bytes; throws INVALID_FILE saying why none fits. */
export function detectImporter(path: string, head: Buffer): Importer {
  if (head.length === 0) throw invalidFile(path, { byte: 0 }, 'the file is empty');
  const ext = extname(path).toLowerCase();
  // Delimited text accepts any text, so it is only chosen when no specific format recognises the bytes.
  const fits = importers.filter((imp) => imp.sniff(head, path));
  const specific = fits.filter((imp) => imp.id !== 'csv');
  const pool = specific.length > 0 ? specific : fits;
  if (pool.length > 0) return pool.find((imp) => imp.extensions.includes(ext)) ?? pool[0];
  if (isUtf16(head)) throw invalidFile(path, { byte: 0 }, 'the file is UTF-16 text; save it as UTF-8 and import again');
  const bad = firstBinaryByte(head);
  const what = bad >= 0 ? `byte ${bad} is 0x${head[bad].toString(16).padStart(2, '0')}, a binary control byte, so it is not delimited text` : 'it is not delimited text';
  throw invalidFile(path, { byte: Math.max(bad, 0) }, `unrecognised format: not a WAV (RIFF/WAVE), EDF/BDF or UCR .ts file, and ${what}`);
}

/** Opens a file, sniffs its first 64 KiB and streams it into `sink` with the matching importer. */
export async function parseFile(
  path: string,
  options: ImportOptionsForFile,
  sink: FileSink,
  signal: AbortSignal,
  onBytes: (bytesDone: number) => void
): Promise<Importer> {
  let file: BinaryFile;
  try {
    file = await BinaryFile.open(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AppError('NOT_FOUND', `${basename(path)}: no such file`, { file: path });
    throw new AppError('INVALID_FILE', `${basename(path)}: cannot be opened (${(err as Error).message})`, { file: path });
  }
  let head: Buffer;
  try {
    head = await file.readAt(0, SNIFF_BYTES);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'EISDIR' ? 'is a folder, not a file' : `cannot be read (${(err as Error).message})`;
    throw new AppError('INVALID_FILE', `${basename(path)}: ${why}`, { file: path });
  } finally {
    await file.close();
  }
  const importer = detectImporter(path, head);
  const ctx: ParseContext = {
    path,
    baseName: basename(path, extname(path)),
    options,
    sink,
    signal,
    onBytes
  };
  await importer.parse(ctx);
  return importer;
}
