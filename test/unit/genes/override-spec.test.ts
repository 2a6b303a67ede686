import { describe, expect, it } from 'vitest';
import { parseOverrideSpecs, regionsForKey } from '../../../src/core/genes/override-spec';

describe('override specs', () => {
  it('resolves names, indices and groups', () => {
    expect(regionsForKey('nose tip')).toEqual([29]);
    expect(regionsForKey('nose_tip')).toEqual([29]);
    expect(regionsForKey('17')).toEqual([17]);
    expect(regionsForKey('nose')).toEqual([26]); // the region named "nose" wins over the group
    expect(regionsForKey('eyes')).toEqual([7, 8, 9, 10, 11, 12, 13]);
    expect(regionsForKey('face-shape')).toEqual([1, 2, 3, 19, 20]);
    expect(() => regionsForKey('tail')).toThrow(/unknown region 'tail'/);
    expect(() => regionsForKey('34')).toThrow(/unknown region/);
  });
  it('parses every mode and lets later specs win', () => {
    expect(parseOverrideSpecs(['eyes=mother', 'eye iris=blend:0.25', 'hair=donor:p7', '0=random', 'chin=pool'])).toEqual({
      7: { kind: 'mother' }, 8: { kind: 'mother' }, 9: { kind: 'blend', alpha: 0.25 }, 10: { kind: 'mother' },
      11: { kind: 'mother' }, 12: { kind: 'mother' }, 13: { kind: 'mother' },
      17: { kind: 'donor', donorId: 'p7' }, 0: { kind: 'random' }, 3: { kind: 'pool' },
    });
  });
  it('rejects malformed specs with a reason', () => {
    expect(() => parseOverrideSpecs(['nose'])).toThrow(/region=mode/);
    expect(() => parseOverrideSpecs(['nose=blend:2'])).toThrow(/between 0 and 1/);
    expect(() => parseOverrideSpecs(['nose=uncle'])).toThrow(/unknown override/);
    expect(() => parseOverrideSpecs(['nose=donor'])).toThrow(/needs an id/);
  });
});
