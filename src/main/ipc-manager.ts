/**
 * Electron IPC wiring: one invoke channel whose envelope is validated by the
 * shared router, and one event channel. Only our own window may call
 * (ipc-sender.ts decides).
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../shared/ipc-channels';
import { dispatch, type Handlers } from '../core/api-router';
import type { EventHub } from '../core/event-hub';
import type { ResponseEnvelope, StudioEvent } from '../shared/api';
import type { SenderFrame } from './ipc-sender';

export class IpcManager {
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly handlers: Handlers,
    private readonly events: EventHub<StudioEvent>,
    private readonly isTrustedSender: (contents: WebContents, frame: SenderFrame | null) => boolean,
  ) {}

  initialize(getContents: () => WebContents | null): void {
    ipcMain.handle(IPC_INVOKE_CHANNEL, async (event: IpcMainInvokeEvent, raw: unknown): Promise<ResponseEnvelope> => {
      if (!this.isTrustedSender(event.sender, event.senderFrame)) {
        return { id: -1, ok: false, error: { code: 'invalid-request', message: 'sender is not the studio window' } };
      }
      return dispatch(this.handlers, raw);
    });
    this.unsubscribe = this.events.subscribe((e) => {
      const contents = getContents();
      if (contents && !contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, e);
    });
  }

  dispose(): void {
    ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}
