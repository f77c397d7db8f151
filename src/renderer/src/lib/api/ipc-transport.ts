import type { Envelope } from '../../../../shared/errors';
import type { Transport } from './transport';

/** What the preload exposes as window.sensorlab. */
export interface PreloadApi {
  invoke(name: string, input: unknown): Promise<unknown>;
  on(name: string, listener: (payload: unknown) => void): () => void;
  pathForFile(file: File): string;
}

export function preloadApi(): PreloadApi | null {
  return (globalThis as { sensorlab?: PreloadApi }).sensorlab ?? null;
}

export class IpcTransport implements Transport {
  readonly kind = 'ipc' as const;
  constructor(private readonly api: PreloadApi) {}
  invoke(name: string, input: unknown): Promise<Envelope<unknown>> {
    return this.api.invoke(name, input) as Promise<Envelope<unknown>>;
  }
  on(event: string, listener: (payload: unknown) => void): () => void {
    return this.api.on(event, listener);
  }
  async fileToPath(file: File): Promise<string> {
    return this.api.pathForFile(file);
  }
}
