/**
 * Bit-identity of the crossover across rewrites: SHA-256 of genes and reports for cases
 * recorded from the straightforward implementation (test/unit/genes/crossover-cases.ts).
 * A mismatch means stored children would no longer reproduce from their seed and settings.
 */
import { describe, expect, it } from 'vitest';
import known from './crossover-known-answers.json';
import { digest, knownAnswerCases, runCase } from './crossover-cases.js';

describe('crossover known answers', () => {
  const cases = knownAnswerCases();
  it('covers every recorded case', () => {
    expect(cases.map((c) => c.name).sort()).toEqual(Object.keys(known).sort());
  });
  for (const c of cases) {
    it(c.name, () => {
      expect(digest(runCase(c))).toBe((known as Record<string, string>)[c.name]);
    });
  }
});
