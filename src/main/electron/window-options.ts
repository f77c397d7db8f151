// Pure, testable security settings for the desktop window: webPreferences, CSP and navigation rules.
// Nothing here imports electron, so unit tests check exactly what the app uses.

export const APP_SCHEME = 'sensorlab';
export const APP_ORIGIN = `${APP_SCHEME}://app`;

export interface SecureWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  experimentalFeatures: false;
  webviewTag: false;
  spellcheck: false;
  disableBlinkFeatures: 'Auxclick';
}

export function webPreferences(preloadPath: string): SecureWebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
    // Middle-click opens links outside navigation checks: off.
    disableBlinkFeatures: 'Auxclick'
  };
}

/** The desktop CSP: our own scripts and styles only, no remote content at all. */
export function desktopCsp(): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'"
  ].join('; ');
}

/** Is this URL our own app page? Compares parsed origins, never string prefixes. */
export function isAppUrl(url: string, devServerUrl?: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === 'app') return true;
  if (devServerUrl) {
    try {
      return parsed.origin === new URL(devServerUrl).origin;
    } catch {
      return false;
    }
  }
  return false;
}

/** Navigation is allowed only within the app itself. */
export function navigationAllowed(url: string, devServerUrl?: string): boolean {
  return isAppUrl(url, devServerUrl);
}

export function browserWindowOptions(preloadPath: string) {
  return {
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'SensorLab',
    backgroundColor: '#1e1f24',
    webPreferences: webPreferences(preloadPath)
  };
}

/**
 * Creates the window with the options above. The security flags are written out literally in the
 * constructor call as well, so static scanners (Electronegativity) see them where they look; the
 * unit test checks that both agree.
 */
export function createSecureWindow<W>(BrowserWindow: new (opts: ReturnType<typeof browserWindowOptions>) => W, preloadPath: string): W {
  const opts = browserWindowOptions(preloadPath);
  return new BrowserWindow({
    ...opts,
    webPreferences: {
      ...opts.webPreferences,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      disableBlinkFeatures: 'Auxclick'
    }
  });
}
