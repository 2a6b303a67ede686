import { describe, expect, it, vi } from 'vitest';
import { allowedExternalUrl } from '../../../src/main/external-links';

// external-links.ts imports dialog and shell; the allow-list itself needs neither.
vi.mock('electron', () => import('./fake-electron'));

describe('external link allow-list', () => {
  it('accepts the listed project pages and pages below them', () => {
    expect(allowedExternalUrl('https://github.com/CVI-SZU/StyleGene')).toBe('https://github.com/CVI-SZU/StyleGene');
    expect(allowedExternalUrl('https://github.com/CVI-SZU/StyleGene/blob/main/LICENSE')).toBe('https://github.com/CVI-SZU/StyleGene/blob/main/LICENSE');
    expect(allowedExternalUrl('https://huggingface.co/wmpscc/StyleGene_CKPT/tree/main')).not.toBeNull();
  });
  it('refuses other hosts, schemes, look-alike paths, credentials and ports', () => {
    for (const url of [
      'https://example.com/',
      'http://github.com/CVI-SZU/StyleGene',
      'https://github.com/CVI-SZU/StyleGeneEvil',
      'https://github.com/CVI-SZU',
      'https://github.com.evil.example/CVI-SZU/StyleGene',
      'https://evil.example/?https://github.com/CVI-SZU/StyleGene',
      'https://user@github.com/CVI-SZU/StyleGene',
      'https://github.com:8443/CVI-SZU/StyleGene',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'ms-msdt:/id PCWDiagnostic',
      'smb://host/share',
      'not a url',
    ]) {
      expect(allowedExternalUrl(url), url).toBeNull();
    }
  });
});
