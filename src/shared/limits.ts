/**
 * Size limits shared by the API schemas, the web host's WebSocket frame limit and the
 * renderer, so that a message the schema accepts always fits in one frame and the
 * renderer can refuse a too-big photo before sending it.
 */

/** Largest photo file accepted for import. */
export const PHOTO_MAX_BYTES = 50 * 1024 * 1024;

/** Base64 characters of a PHOTO_MAX_BYTES file (photos travel as base64). */
export const PHOTO_MAX_BASE64_CHARS = 4 * Math.ceil(PHOTO_MAX_BYTES / 3);

/**
 * Largest message a web-host client may send: the biggest photo plus room for the
 * envelope (id, method, file name). Bigger frames are refused from their header.
 */
export const API_MAX_MESSAGE_BYTES = PHOTO_MAX_BASE64_CHARS + 64 * 1024;

/** "50 MiB" */
export function formatMiB(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
}
