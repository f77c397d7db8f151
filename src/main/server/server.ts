// `sensorlab serve`: the renderer over HTTP and the API over a WebSocket, for a browser.
// Every API message is validated by the same dispatch as IPC; the upgrade is authenticated first.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import type { Core } from '../core';
import { toErrorEnvelope } from '../../shared/errors';
import { dispatch } from '../transports/dispatch';
import { hostAllowed, isLoopbackHostname, newToken, originAllowed, serverCsp, tokensEqual } from './security';
import { handleUpload } from './upload';

export const MAX_MESSAGE_BYTES = 1024 * 1024;

export interface ServeOptions {
  core: Core;
  host?: string;
  port?: number;
  /** Folder with the built renderer (index.html). */
  staticDir: string;
  token?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  host: string;
  token: string;
  server: Server;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2'
};

function deny(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(message);
}

export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const boundToLoopback = isLoopbackHostname(host);
  const token = opts.token ?? newToken();
  const root = resolve(opts.staticDir);
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`the app is not built: ${join(root, 'index.html')} is missing (run \`npm run build\`)`);
  }
  const { core } = opts;

  const tokenOf = (req: IncomingMessage): string | null => {
    const header = req.headers['x-sensorlab-token'];
    if (typeof header === 'string') return header;
    return new URL(req.url ?? '/', 'http://x').searchParams.get('token');
  };

  const checkRequest = (req: IncomingMessage): string | null => {
    if (!hostAllowed(req.headers.host, boundToLoopback)) return 'host not allowed';
    if (!originAllowed(req.headers.origin, req.headers.host)) return 'origin not allowed';
    return null;
  };

  const server = createServer((req, res) => {
    const refused = checkRequest(req);
    if (refused) return deny(res, 403, refused);
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.startsWith('/api/')) {
      if (!tokensEqual(token, tokenOf(req))) return deny(res, 401, 'missing or wrong token');
      if (url.pathname === '/api/upload' && req.method === 'POST') {
        handleUpload(core.dataDir, req, res).catch((err) => {
          if (!res.headersSent) res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: false, error: toErrorEnvelope(err) }));
        });
        return;
      }
      return deny(res, 404, 'no such API endpoint');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 405, 'method not allowed');
    let rel = decodeURIComponent(url.pathname);
    if (rel === '/' || rel === '') rel = '/index.html';
    const file = normalize(join(root, rel));
    if (!file.startsWith(root + sep)) return deny(res, 403, 'outside the app');
    if (!existsSync(file) || !statSync(file).isFile()) return deny(res, 404, 'not found');
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': serverCsp(),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store'
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const refused =
      url.pathname !== '/ws'
        ? 'not found'
        : (checkRequest(req) ?? (tokensEqual(token, tokenOf(req)) ? null : 'missing or wrong token'));
    if (refused) {
      const status = refused === 'not found' ? '404 Not Found' : refused.includes('token') ? '401 Unauthorized' : '403 Forbidden';
      socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${refused}`);
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    ws.on('message', async (data, isBinary) => {
      let msg: { id?: unknown; method?: unknown; params?: unknown };
      try {
        if (isBinary) throw new Error('binary messages are not accepted');
        msg = JSON.parse(data.toString());
        if (!msg || typeof msg !== 'object') throw new Error('a message must be a JSON object');
      } catch (err) {
        ws.send(JSON.stringify({ id: null, ok: false, error: { code: 'BAD_REQUEST', message: `bad message: ${(err as Error).message}` } }));
        return;
      }
      const reply = await dispatch(core.handlers, msg.method, msg.params);
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ id: msg.id ?? null, ...reply }));
    });
    ws.on('error', () => ws.terminate());
  });

  const offJobs = core.jobs.on((job) => {
    const text = JSON.stringify({ event: 'job', payload: job });
    for (const client of wss.clients) if (client.readyState === WebSocket.OPEN) client.send(text);
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, host, () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `http://${urlHost}:${port}/?token=${token}`,
    port,
    host,
    token,
    server,
    async close() {
      offJobs();
      for (const c of wss.clients) c.terminate();
      wss.close();
      await new Promise<void>((ok) => server.close(() => ok()));
    }
  };
}
