// The Electron door: lifecycle and window only. Everything else lives in the core.
import { app, BrowserWindow, dialog, session } from 'electron';
import { join } from 'node:path';
import { createCore, type Core } from './core';
import { ensureDemo } from './core/demo/create-demo';
import { registerIpc, type IpcDoor } from './electron/ipc';
import { registerSchemeAsPrivileged, serveRenderer } from './electron/protocol';
import { APP_ORIGIN, createSecureWindow, navigationAllowed } from './electron/window-options';

const devServerUrl = process.env.ELECTRON_RENDERER_URL;
let core: Core | null = null;
let ipc: IpcDoor | null = null;

app.enableSandbox();
registerSchemeAsPrivileged();
if (process.env.SENSORLAB_DATA_DIR) app.setPath('userData', process.env.SENSORLAB_DATA_DIR);

// Deny what a sensor app never needs, for every web contents the app ever creates.
app.on('web-contents-created', (_e, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!navigationAllowed(url, devServerUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!navigationAllowed(url, devServerUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

async function createWindow(): Promise<void> {
  const win = createSecureWindow(BrowserWindow, join(__dirname, '../preload/index.js'));
  ipc?.addTarget(win.webContents);
  win.once('ready-to-show', () => win.show());
  if (devServerUrl) await win.loadURL(devServerUrl);
  else await win.loadURL(`${APP_ORIGIN}/index.html`);
}

app.whenReady().then(async () => {
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  serveRenderer(join(__dirname, '../renderer'));
  try {
    core = createCore({ dataDir: app.getPath('userData') });
    await ensureDemo(core.store);
  } catch (err) {
    dialog.showErrorBox('SensorLab could not open its data folder', (err as Error).message);
    app.exit(1);
    return;
  }
  ipc = registerIpc(core, devServerUrl);
  await createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let quitting = false;
app.on('will-quit', (event) => {
  if (quitting || !core) return;
  event.preventDefault();
  quitting = true;
  ipc?.dispose();
  core.close().finally(() => app.exit(0));
});
