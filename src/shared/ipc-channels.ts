/** The only two Electron IPC channels; payloads are the envelopes of api.ts. */
export const IPC_INVOKE_CHANNEL = 'kinship:invoke';
export const IPC_EVENT_CHANNEL = 'kinship:event';
