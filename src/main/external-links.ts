/**
 * Links that may leave the app for the user's browser: only the project's
 * documentation and licence pages listed here, over https, and only after the
 * user confirms. Everything else (other hosts, file:, custom schemes that start
 * local programs) is refused, because shell.openExternal hands the URL to the
 * operating system.
 */
import { dialog, shell, type BrowserWindow } from 'electron';

/** https URL prefixes (origin + path) of the upstream projects the docs cite. */
export const EXTERNAL_LINK_ALLOW_LIST: readonly string[] = [
  'https://github.com/CVI-SZU/StyleGene',
  'https://huggingface.co/wmpscc/StyleGene_CKPT',
  'https://github.com/NVlabs/stylegan2',
  'https://github.com/NVlabs/ffhq-dataset',
  'https://github.com/rosinality/stylegan2-pytorch',
  'https://github.com/omertov/encoder4editing',
  'https://github.com/dchen236/FairFace',
];

/** The normalised URL when it is on the allow-list, otherwise null. */
export function allowedExternalUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return null;
  for (const entry of EXTERNAL_LINK_ALLOW_LIST) {
    const prefix = new URL(entry);
    if (url.host !== prefix.host) continue;
    if (url.pathname === prefix.pathname || url.pathname.startsWith(`${prefix.pathname}/`)) return url.href;
  }
  return null;
}

/**
 * Asks, then opens an allow-listed link in the system browser. Resolves to true
 * only when the link was opened; refused and cancelled links resolve to false.
 */
export async function openExternalLink(raw: string, parent: BrowserWindow | null): Promise<boolean> {
  const url = allowedExternalUrl(raw);
  if (!url) {
    console.warn(`Refused to open a link outside the allow-list: ${raw.slice(0, 200)}`);
    return false;
  }
  const options = {
    type: 'question' as const,
    buttons: ['Open in Browser', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    title: 'Open link',
    message: 'Open this page in your web browser?',
    detail: url,
  };
  const { response } = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
  if (response !== 0) return false;
  await shell.openExternal(url);
  return true;
}
