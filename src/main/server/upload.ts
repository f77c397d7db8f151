// POST /api/upload?name=FILE: a browser's dropped or picked file, saved under the data folder so
// that `import.start` can read it. The name is reduced to a safe base name; the size is bounded.
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../shared/errors';

export const MAX_UPLOAD_BYTES = 8 * 1024 ** 3;

export function safeFileName(name: string): string {
  const base = basename(name.replace(/\\/g, '/')).replace(/[^\w.\- ()[\]@+]/g, '_').slice(0, 200);
  if (!base || base === '.' || base === '..') throw new AppError('BAD_REQUEST', `unusable file name ${JSON.stringify(name)}`);
  return base;
}

export async function handleUpload(dataDir: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const name = safeFileName(new URL(req.url ?? '/', 'http://x').searchParams.get('name') ?? '');
  const length = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(length) && length > MAX_UPLOAD_BYTES) throw new AppError('BAD_REQUEST', `${name} is larger than 8 GiB`);
  const dir = join(dataDir, 'uploads', randomUUID());
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  let seen = 0;
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > MAX_UPLOAD_BYTES) req.destroy(new Error(`${name} is larger than 8 GiB`));
  });
  try {
    await pipeline(req, createWriteStream(path));
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ ok: true, value: { path, bytes: seen } }));
}
