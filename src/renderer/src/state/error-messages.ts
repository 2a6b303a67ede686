/**
 * The one place the renderer turns an error code into words for the user
 * (docs/ARCHITECTURE.md, "Error codes"): a user mistake says what to change, an
 * internal error says it is not the user's doing and asks for a report.
 */
import type { ApiError } from '../../../shared/api';

export type UiErrorCode = ApiError['code'];

export interface UiError {
  /** Grows with each error, so the banner re-announces a repeated message. */
  id: number;
  code: UiErrorCode;
  /** What the user was doing ("Refreshing the tree"). */
  action: string;
  /** The code's meaning in the user's terms. */
  title: string;
  /** The service's own message (precise: names the file, the setting, the limit). */
  detail: string;
}

const TITLES: Record<UiErrorCode, string> = {
  'invalid-input': 'Check the input',
  'not-found': 'It is no longer there',
  conflict: 'That clashes with the current state',
  unsupported: 'Not possible with this model pack or file',
  cancelled: 'Cancelled',
  internal: 'Something went wrong inside the studio (not your doing — please report it)',
  'invalid-request': 'The studio refused a malformed request (please report it)',
};

const CODES = new Set<string>(Object.keys(TITLES));

/** The code an error carries (StudioApiError, KinshipError); anything else is internal. */
export function errorCode(e: unknown): UiErrorCode {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && CODES.has(code) ? (code as UiErrorCode) : 'internal';
}

export function describeError(e: unknown, action: string, id: number): UiError {
  const code = errorCode(e);
  const detail = e instanceof Error ? e.message : typeof e === 'string' ? e : String(e);
  return { id, code, action, title: TITLES[code], detail };
}
