// The renderer's one way to reach the core: a Transport carries requests and events; the client
// adds the contract's types. IPC inside Electron, a WebSocket in a browser (`sensorlab serve`).
import type { EventName, Events, RequestInput, RequestName, RequestOutput } from '../../../../shared/contract';
import type { Envelope, ErrorEnvelope } from '../../../../shared/errors';

export interface Transport {
  readonly kind: 'ipc' | 'websocket';
  invoke(name: string, input: unknown): Promise<Envelope<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  /** Uploads a browser File and returns a path the core can read (server mode), or its local path (Electron). */
  fileToPath(file: File): Promise<string>;
}

export class ApiError extends Error {
  readonly code: string;
  readonly details?: unknown;
  constructor(env: ErrorEnvelope) {
    super(env.message);
    this.code = env.code;
    this.details = env.details;
  }
}

export class ApiClient {
  constructor(readonly transport: Transport) {}

  async call<N extends RequestName>(name: N, input: RequestInput<N>): Promise<RequestOutput<N>> {
    const env = await this.transport.invoke(name, input);
    if (!env.ok) throw new ApiError(env.error);
    return env.value as RequestOutput<N>;
  }

  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    return this.transport.on(event, listener as (p: unknown) => void);
  }
}
