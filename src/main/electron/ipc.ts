// Electron IPC door: one ipcMain.handle for the whole contract, every request validated by dispatch,
// and only from our own frame. Job events go to every window that registered.
import { type IpcMainInvokeEvent, ipcMain, type WebContents } from 'electron';
import { IPC_EVENT, IPC_INVOKE } from '../../shared/contract';
import type { Core } from '../core';
import { dispatch } from '../transports/dispatch';
import { isAppUrl } from './window-options';

export interface IpcDoor {
  addTarget(wc: WebContents): void;
  dispose(): void;
}

export function registerIpc(core: Core, devServerUrl?: string): IpcDoor {
  const targets = new Set<WebContents>();
  ipcMain.handle(IPC_INVOKE, async (event: IpcMainInvokeEvent, name: unknown, input: unknown) => {
    const frameUrl = event.senderFrame?.url ?? '';
    if (!targets.has(event.sender) || !isAppUrl(frameUrl, devServerUrl)) {
      return { ok: false, error: { code: 'UNAUTHORIZED', message: 'request from an untrusted frame' } };
    }
    return dispatch(core.handlers, name, input);
  });
  const off = core.jobs.on((job) => {
    for (const wc of targets) if (!wc.isDestroyed()) wc.send(IPC_EVENT, 'job', job);
  });
  return {
    addTarget(wc) {
      targets.add(wc);
      wc.once('destroyed', () => targets.delete(wc));
    },
    dispose() {
      ipcMain.removeHandler(IPC_INVOKE);
      off();
    }
  };
}
