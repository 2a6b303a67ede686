import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BREED_SETTINGS,
  GeneInputError,
  parseBreedSettings,
  parseChildCount,
  parseSeed,
} from '../../../src/core/genes/index.js';

describe('BreedSettings', () => {
  it('has the reference defaults', () => {
    expect(DEFAULT_BREED_SETTINGS).toEqual({ gamma: 0.47, eta: 0.4, fusionLayer: 8, temperature: 1, overrides: {} });
    expect(parseBreedSettings({ gamma: 0.2 }).eta).toBe(0.4);
  });

  it('accepts the range ends', () => {
    expect(() => parseBreedSettings({ gamma: 0, eta: 1, fusionLayer: 18, temperature: 3 })).not.toThrow();
    expect(() => parseBreedSettings({ gamma: 1, eta: 0, fusionLayer: 0, temperature: 0 })).not.toThrow();
  });

  it.each([
    [{ gamma: 1.5 }, 'gamma must be between 0 and 1, got 1.5'],
    [{ gamma: -0.1 }, 'gamma must be between 0 and 1, got -0.1'],
    [{ eta: 2 }, 'eta must be between 0 and 1, got 2'],
    [{ fusionLayer: 19 }, 'fusionLayer must be an integer between 0 and 18, got 19'],
    [{ fusionLayer: 8.5 }, 'fusionLayer must be an integer between 0 and 18, got 8.5'],
    [{ temperature: 3.5 }, 'temperature must be between 0 and 3, got 3.5'],
    [{ gamma: Number.NaN }, 'gamma must be a number, got NaN'],
    [{ eta: '0.4' }, 'eta must be a number, got "0.4"'],
    [{ gama: 0.4 }, 'unknown setting(s): gama'],
  ])('rejects %j with a clear message', (input, message) => {
    expect(() => parseBreedSettings(input)).toThrow(GeneInputError);
    expect(() => parseBreedSettings(input)).toThrow(message);
  });

  it('lists every problem at once', () => {
    expect(() => parseBreedSettings({ gamma: 2, eta: -1 })).toThrow(
      'gamma must be between 0 and 1, got 2; eta must be between 0 and 1, got -1',
    );
  });
});

describe('overrides', () => {
  it('accepts a record by index or region name and normalises to indices', () => {
    const s = parseBreedSettings({
      overrides: { 3: { kind: 'father' }, eyebrow: { kind: 'blend', alpha: 0.25 }, '0': { kind: 'random' } },
    });
    expect(s.overrides).toEqual({ 0: { kind: 'random' }, 3: { kind: 'father' }, 14: { kind: 'blend', alpha: 0.25 } });
  });

  it('accepts an array of 34 with nulls for defaults', () => {
    const arr: unknown[] = new Array(34).fill(null);
    arr[17] = { kind: 'donor', donorId: 'ffhq-00017' };
    arr[26] = { kind: 'pool' };
    arr[5] = { kind: 'mother' };
    expect(parseBreedSettings({ overrides: arr }).overrides).toEqual({
      5: { kind: 'mother' },
      17: { kind: 'donor', donorId: 'ffhq-00017' },
      26: { kind: 'pool' },
    });
  });

  it.each([
    [{ 3: { kind: 'blend', alpha: 1.2 } }, 'overrides: region 3 (chin): blend alpha must be between 0 and 1, got 1.2'],
    [{ 3: { kind: 'blend' } }, 'blend alpha must be a number, got undefined'],
    [{ 4: { kind: 'cousin' } }, 'region 4 (ear): override must be an object with kind one of random, father, mother, blend, pool, donor, got "cousin"'],
    [{ 9: { kind: 'donor' } }, 'region 9 (eye iris): donor override needs a donorId string'],
    [{ 9: { kind: 'donor', donorId: '' } }, 'donor override needs a non-empty donorId'],
    [{ 34: { kind: 'father' } }, 'overrides: unknown region "34"'],
    [{ nosey: { kind: 'father' } }, 'overrides: unknown region "nosey"'],
    [[{ kind: 'father' }], 'overrides array must have 34 entries (one per region), got 1'],
    ['father', 'overrides must be an object or an array of 34, got "father"'],
  ])('rejects overrides %j', (overrides, message) => {
    expect(() => parseBreedSettings({ overrides })).toThrow(message);
  });
});

describe('childCount and seed', () => {
  it('childCount is an integer 1..64', () => {
    expect(parseChildCount(1)).toBe(1);
    expect(parseChildCount(64)).toBe(64);
    expect(() => parseChildCount(0)).toThrow('childCount must be an integer between 1 and 64, got 0');
    expect(() => parseChildCount(65)).toThrow('childCount must be an integer between 1 and 64, got 65');
    expect(() => parseChildCount(2.5)).toThrow('childCount must be an integer between 1 and 64, got 2.5');
  });

  it('seed is a uint32', () => {
    expect(parseSeed(0)).toBe(0);
    expect(parseSeed(4294967295)).toBe(4294967295);
    expect(() => parseSeed(-1)).toThrow('seed must be an integer between 0 and 4294967295, got -1');
    expect(() => parseSeed(4294967296)).toThrow('seed must be an integer between 0 and 4294967295, got 4294967296');
    expect(() => parseSeed(1.25)).toThrow('seed must be an integer between 0 and 4294967295, got 1.25');
  });
});
