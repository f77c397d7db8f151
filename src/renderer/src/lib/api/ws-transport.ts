// The browser door: JSON messages over one WebSocket, authenticated by the token in the page URL.
import type { Envelope } from '../../../../shared/errors';
import type { Transport } from './transport';

type Pending = { resolve: (env: Envelope<unknown>) => void };

export class WsTransport implements Transport {
  readonly kind = 'websocket' as const;
  private ws: WebSocket | null = null;
  private opening: Promise<WebSocket> | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<(p: unknown) => void>>();

  constructor(
    private readonly baseUrl: string,
    private readonly token: string
  ) {}

  private connect(): Promise<WebSocket> {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) return Promise.resolve(this.ws);
    if (this.opening) return this.opening;
    const url = new URL('/ws', this.baseUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', this.token);
    this.opening = new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.onopen = () => {
        this.ws = ws;
        this.opening = null;
        resolve(ws);
      };
      ws.onerror = () => {
        this.opening = null;
        reject(new Error('cannot connect to the SensorLab server (is it running, and is the token right?)'));
      };
      ws.onclose = () => {
        this.ws = null;
        for (const [, p] of this.pending) {
          p.resolve({ ok: false, error: { code: 'INTERNAL', message: 'connection to the server closed' } });
        }
        this.pending.clear();
      };
      ws.onmessage = (ev) => this.receive(String(ev.data));
    });
    return this.opening;
  }

  private receive(text: string): void {
    const msg = JSON.parse(text) as { id?: number; event?: string; payload?: unknown } & Envelope<unknown>;
    if (msg.event) {
      for (const l of this.listeners.get(msg.event) ?? []) l(msg.payload);
      return;
    }
    if (typeof msg.id === 'number') {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      p?.resolve(msg.ok ? { ok: true, value: msg.value } : { ok: false, error: msg.error });
    }
  }

  async invoke(name: string, input: unknown): Promise<Envelope<unknown>> {
    let ws: WebSocket;
    try {
      ws = await this.connect();
    } catch (err) {
      return { ok: false, error: { code: 'INTERNAL', message: (err as Error).message } };
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve });
      ws.send(JSON.stringify({ id, method: name, params: input }));
    });
  }

  on(event: string, listener: (payload: unknown) => void): () => void {
    void this.connect().catch(() => undefined);
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener);
    this.listeners.set(event, set);
    return () => set.delete(listener);
  }

  async fileToPath(file: File): Promise<string> {
    const url = new URL('/api/upload', this.baseUrl);
    url.searchParams.set('name', file.name);
    const res = await fetch(url, { method: 'POST', body: file, headers: { 'x-sensorlab-token': this.token } });
    const env = (await res.json()) as Envelope<{ path: string }>;
    if (!env.ok) throw new Error(env.error.message);
    return env.value.path;
  }
}
