import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../src/shared/csp';

const directives = (policy: string): Map<string, string[]> =>
  new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!, values]),
  );

describe('content security policy', () => {
  const csp = directives(CONTENT_SECURITY_POLICY);
  it('allows scripts only from the app itself, never inline or eval', () => {
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
  });
  it('allows connections only to the app and the loopback web host', () => {
    for (const src of csp.get('connect-src')!) expect(src).toMatch(/^('self'|ws:\/\/(127\.0\.0\.1|localhost):\*)$/);
  });
  it('is the same in the renderer meta tag (minus frame-ancestors, which meta tags ignore)', () => {
    const html = readFileSync('src/renderer/index.html', 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta).not.toBeNull();
    const fromMeta = directives(meta![1]!);
    const expected = new Map(csp);
    expected.delete('frame-ancestors');
    expect(fromMeta).toEqual(expected);
  });
});
