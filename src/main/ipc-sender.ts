/**
 * Who may call the studio API over IPC: only the main frame of the studio
 * window, and only while it shows the studio page. A sub-frame, another window
 * or web contents, or the window after navigating elsewhere is refused.
 */
import { isAppUrl } from './renderer-url';

/** The slices of WebContents and WebFrameMain the check reads. */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

export function isTrustedSender(
  sender: unknown,
  frame: SenderFrame | null | undefined,
  studioContents: unknown,
  entryUrl: string,
): boolean {
  if (!studioContents || sender !== studioContents) return false;
  if (!frame || frame.parent !== null) return false;
  return isAppUrl(frame.url, entryUrl);
}
