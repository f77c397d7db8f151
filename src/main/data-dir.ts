// The data folder: the same default for the desktop app, the server and the CLI.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const APP_FOLDER = 'SensorLab';

/** What Electron's app.getPath('userData') is for an app named SensorLab, computed without electron. */
export function platformUserDataDir(platform = process.platform, env = process.env, home = homedir()): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_FOLDER);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_FOLDER);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_FOLDER);
}

/** --data-dir, else SENSORLAB_DATA_DIR, else the desktop app's folder. */
export function resolveDataDir(flag?: string, env = process.env): string {
  if (flag) return resolve(flag);
  if (env.SENSORLAB_DATA_DIR) return resolve(env.SENSORLAB_DATA_DIR);
  return platformUserDataDir();
}
