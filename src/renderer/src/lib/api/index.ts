import { IpcTransport, preloadApi } from './ipc-transport';
import { ApiClient } from './transport';
import { WsTransport } from './ws-transport';

/** IPC inside Electron (the preload exposed window.sensorlab), else the WebSocket of `sensorlab serve`. */
export function createClient(): ApiClient {
  const pre = preloadApi();
  if (pre) return new ApiClient(new IpcTransport(pre));
  const token = new URL(location.href).searchParams.get('token') ?? sessionStorage.getItem('sensorlab.token') ?? '';
  if (token) {
    sessionStorage.setItem('sensorlab.token', token);
    // Keep the token out of the address bar and history once it is stored for this tab.
    const clean = new URL(location.href);
    clean.searchParams.delete('token');
    history.replaceState(null, '', clean);
  }
  return new ApiClient(new WsTransport(location.origin, token));
}

export const api = createClient();
export { ApiClient, ApiError } from './transport';
