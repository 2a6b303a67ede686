/**
 * The real preload (src/preload/index.ts) against the fake electron module: the
 * page gets exactly invoke and subscribe, requests go out as envelopes on the one
 * invoke channel, and event listeners receive the event only, never Electron's
 * IpcRendererEvent (whose `sender` is the ipcRenderer itself).
 */
import { describe, expect, it, vi } from 'vitest';
import type * as Fake from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

async function loadPreload(): Promise<{ electron: typeof Fake; api: Record<string, unknown> }> {
  vi.resetModules();
  const electron = (await import('electron')) as unknown as typeof Fake;
  electron.resetFakeElectron();
  await import('../../../src/preload/index');
  expect([...electron.contextBridge.exposed.keys()]).toEqual(['kinshipStudio']);
  return { electron, api: electron.contextBridge.exposed.get('kinshipStudio') as Record<string, unknown> };
}

type Api = {
  invoke(method: string, input: unknown): Promise<unknown>;
  subscribe(listener: (e: unknown) => void): () => void;
};

describe('preload bridge', () => {
  it('exposes only invoke and subscribe, as plain functions', async () => {
    const { api } = await loadPreload();
    expect(Object.keys(api).sort()).toEqual(['invoke', 'subscribe']);
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
  });

  it('sends request envelopes on the invoke channel and turns error replies into rejections', async () => {
    const { electron, api } = await loadPreload();
    const bridge = api as unknown as Api;
    electron.ipcRenderer.nextReply = { id: 1, ok: true, result: { fine: true } };
    await expect(bridge.invoke('studio.status', {})).resolves.toEqual({ fine: true });
    expect(electron.ipcRenderer.invocations).toEqual([{ channel: 'kinship:invoke', args: [{ id: 1, method: 'studio.status', input: {} }] }]);
    electron.ipcRenderer.nextReply = { id: 2, ok: false, error: { code: 'invalid-input', message: 'bad' } };
    await expect(bridge.invoke('packs.activate', { packId: 42 })).rejects.toMatchObject({ message: 'bad', code: 'invalid-input' });
  });

  it('hands subscribers the event alone, and unsubscribing stops delivery', async () => {
    const { electron, api } = await loadPreload();
    const bridge = api as unknown as Api;
    const received: unknown[][] = [];
    const unsubscribe = bridge.subscribe((...args: unknown[]) => received.push(args));
    const ipcEvent = { sender: electron.ipcRenderer, senderId: 0 };
    electron.ipcRenderer.emit('kinship:event', ipcEvent, { type: 'menu', command: 'undo' });
    expect(received).toEqual([[{ type: 'menu', command: 'undo' }]]);
    unsubscribe();
    electron.ipcRenderer.emit('kinship:event', ipcEvent, { type: 'menu', command: 'redo' });
    expect(received).toHaveLength(1);
    expect(electron.ipcRenderer.listenerCount('kinship:event')).toBe(0);
  });
});
