/**
 * The preload exposes exactly the typed studio API (src/shared/api.ts) through
 * contextBridge: invoke and subscribe. No ipcRenderer, no Node.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../shared/ipc-channels';
import type { ResponseEnvelope, StudioEvent, ProcedureName } from '../shared/api';

let nextId = 1;

const api = {
  /** Resolves with the result or rejects with {code, message} from the service. */
  async invoke(method: ProcedureName, input: unknown): Promise<unknown> {
    const res = (await ipcRenderer.invoke(IPC_INVOKE_CHANNEL, { id: nextId++, method, input })) as ResponseEnvelope;
    if (res.ok) return res.result;
    throw Object.assign(new Error(res.error.message), { code: res.error.code });
  },
  subscribe(listener: (event: StudioEvent) => void): () => void {
    const wrapped = (_e: IpcRendererEvent, event: StudioEvent): void => listener(event);
    ipcRenderer.on(IPC_EVENT_CHANNEL, wrapped);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('kinshipStudio', api);
