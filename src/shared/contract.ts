// The one API contract. Every door (Electron IPC, WebSocket, CLI) validates requests against these
// schemas before any handler runs, and every handler is typed from them.
import type { z } from 'zod';
import { JobInfo } from './domain';
import { appApi } from './api/app';
import { libraryApi } from './api/library';
import { mlApi } from './api/ml';
import { classifyApi } from './api/classify';
import type { RequestSpec } from './api/define';

export const requests = {
  ...appApi,
  ...libraryApi,
  ...mlApi,
  ...classifyApi
} as const;

export type Requests = typeof requests;
export type RequestName = keyof Requests;
export type RequestInput<N extends RequestName> = z.input<Requests[N]['input']>;
export type ParsedInput<N extends RequestName> = z.output<Requests[N]['input']>;
export type RequestOutput<N extends RequestName> = z.output<Requests[N]['output']>;

export const requestNames = Object.keys(requests) as RequestName[];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requests, name);
}

export function specOf(name: RequestName): RequestSpec {
  return requests[name] as RequestSpec;
}

/** Events pushed from the core to every connected client. */
export const events = {
  job: JobInfo
} as const;
export type Events = { [K in keyof typeof events]: z.output<(typeof events)[K]> };
export type EventName = keyof Events;

/** The typed client API every renderer door exposes (preload object, WebSocket client). */
export interface SensorLabApi {
  call<N extends RequestName>(name: N, input: RequestInput<N>): Promise<RequestOutput<N>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

/** The channel names used on Electron IPC. */
export const IPC_INVOKE = 'sensorlab:invoke';
export const IPC_EVENT = 'sensorlab:event';
