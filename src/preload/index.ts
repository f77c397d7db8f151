// Exposes the typed API object and nothing else: no ipcRenderer, no Node.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { IPC_EVENT, IPC_INVOKE } from '../shared/contract';

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();

ipcRenderer.on(IPC_EVENT, (_event, name: string, payload: unknown) => {
  for (const l of listeners.get(name) ?? []) l(payload);
});

const api = {
  invoke: (name: string, input: unknown): Promise<unknown> => ipcRenderer.invoke(IPC_INVOKE, name, input),
  on: (name: string, listener: Listener): (() => void) => {
    const set = listeners.get(name) ?? new Set<Listener>();
    set.add(listener);
    listeners.set(name, set);
    return () => set.delete(listener);
  },
  /** The path of a dropped or picked file (Electron ≥ 32 no longer puts it on File). */
  pathForFile: (file: File): string => webUtils.getPathForFile(file)
};

contextBridge.exposeInMainWorld('sensorlab', api);
