import { describe, expect, it } from 'vitest';
import { browserWindowOptions, createSecureWindow, desktopCsp, isAppUrl, navigationAllowed, webPreferences } from '../../src/main/electron/window-options';

describe('desktop window security', () => {
  it('isolates the renderer: context isolation, sandbox, no node integration', () => {
    const p = webPreferences('/app/preload.js');
    expect(p).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false
    });
    expect(browserWindowOptions('/p.js').webPreferences.preload).toBe('/p.js');
    expect(Object.keys(p)).not.toContain('enableBlinkFeatures');
    expect(p.disableBlinkFeatures).toBe('Auxclick');
  });

  it('creates the window with exactly the pure options', () => {
    let seen: unknown;
    class FakeWindow {
      constructor(opts: unknown) {
        seen = opts;
      }
    }
    createSecureWindow(FakeWindow, '/p.js');
    expect(seen).toEqual(browserWindowOptions('/p.js'));
  });

  it('the CSP allows only our own scripts and no remote content', () => {
    const csp = desktopCsp();
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-eval|https?:|\*/);
    expect(csp).toContain("object-src 'none'");
  });

  it('allows navigation to our own origin only, comparing parsed origins', () => {
    expect(navigationAllowed('sensorlab://app/index.html')).toBe(true);
    expect(navigationAllowed('sensorlab://app.evil.com/')).toBe(false);
    expect(navigationAllowed('https://evil.example/sensorlab://app')).toBe(false);
    expect(navigationAllowed('file:///etc/passwd')).toBe(false);
    expect(navigationAllowed('not a url')).toBe(false);
    expect(isAppUrl('http://localhost:5173/x', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5173.evil.com/x', 'http://localhost:5173')).toBe(false);
  });
});
