import { describe, expect, it } from 'vitest';
import { secureWebPreferences } from '../../../src/main/window-options';

describe('renderer window preferences', () => {
  const prefs = secureWebPreferences('/app/out/preload/index.cjs');
  it('isolates the renderer from Node', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });
  it('keeps web security on and webviews off', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
  });
  it('uses the sandbox-compatible CommonJS preload', () => {
    expect(prefs.preload).toMatch(/preload\/index\.cjs$/);
  });
});
