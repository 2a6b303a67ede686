import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PoolError, PoolPackMismatchError } from '../../../src/core/pool/pool-errors';
import { PoolIndex } from '../../../src/core/pool/pool-index';
import { SCHEMA_VERSION } from '../../../src/core/pool/schema';
import { createRng } from '../../../src/core/genes/rng';
import { sampleDonors } from '../../../src/core/pool/donor-sampler';
import { PACK_A, PACK_B, openWith, row, tempPoolPath } from './pool-fixtures';

describe('gene pool index', () => {
  it('stores entries with labels and latents, counts the 9×2×7 groups, reopens', () => {
    const path = tempPoolPath();
    const index = openWith([row('a', '0-2', 'male', 'White', 0.5), row('b', '0-2', 'male', 'White', 1), row('c', '70+', 'female', 'Indian', -2)], path);
    expect(index.insertEntries([row('a', '3-9', 'male', 'White')])).toBe(0); // same source+ref: kept once
    const c = index.counts();
    expect(c.total).toBe(3);
    expect(c.counts[0]![0]![0]).toBe(2);
    expect(c.counts[8]![1]![5]).toBe(1);
    expect(index.wplus([3])[100]).toBe(-2);
    index.close();
    const again = PoolIndex.open(path, PACK_A);
    expect(again.entry(2)).toMatchObject({ sourceRef: 'b', ageGroup: '0-2', attributesSource: 'csv', autoLabels: null });
    expect(again.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(again.db.pragma('journal_mode', { simple: true })).toBe('wal');
    again.close();
  });

  it('lists a filter\'s ids in ascending order (the order donor sampling draws from)', () => {
    // Inserted interleaved across groups and ages: ids 1..6 in this order.
    const index = openWith([
      row('a', '20-29', 'male', 'White'),
      row('b', '30-39', 'female', 'White'),
      row('c', '30-39', 'male', 'White'),
      row('d', '20-29', 'male', 'White'),
      row('e', '20-29', 'male', 'Indian'),
      row('f', '30-39', 'male', 'White'),
    ]);
    expect(index.matchingIds({ ageGroups: ['30-39', '20-29'], gender: 'male', races: ['White'], withWplus: false })).toEqual([1, 3, 4, 6]);
    expect(index.matchingIds({ ageGroups: ['20-29'], gender: 'male', races: null, withWplus: false })).toEqual([1, 4, 5]);
    expect(index.matching({ ageGroups: ['20-29'], gender: 'male', races: null, withWplus: false }).geneOnly.size).toBe(0);
    index.close();
  });

  it('refuses a pool built for another pack, naming both', () => {
    const path = tempPoolPath();
    PoolIndex.open(path, PACK_A).close();
    expect(() => PoolIndex.open(path, PACK_B)).toThrow(PoolPackMismatchError);
    expect(() => PoolIndex.open(path, PACK_B)).toThrow(/built for model pack 'builtin'.*active pack is 'stylegene'/);
    expect(() => PoolIndex.open(path, { ...PACK_A, lgeSha256: 'c'.repeat(64) })).toThrow(PoolPackMismatchError);
  });

  it('refuses foreign files and newer schema versions with clear errors', () => {
    const garbage = tempPoolPath('garbage.kpool');
    writeFileSync(garbage, 'this is not sqlite at all, just some text that is long enough'.repeat(20));
    expect(() => PoolIndex.open(garbage, PACK_A)).toThrow(PoolError);
    const other = tempPoolPath('other.sqlite');
    const db = new Database(other);
    db.exec('CREATE TABLE persons (id INTEGER)');
    db.close();
    expect(() => PoolIndex.open(other, PACK_A)).toThrow(/not a Kinship Studio gene pool/);
    const newer = tempPoolPath();
    PoolIndex.open(newer, PACK_A).close();
    const db2 = new Database(newer);
    db2.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db2.close();
    expect(() => PoolIndex.open(newer, PACK_A)).toThrow(new RegExp(`schema version ${SCHEMA_VERSION + 1}.*Update the studio`));
    expect(() => PoolIndex.open(tempPoolPath('missing.kpool'), PACK_A, { create: false })).toThrow(/no gene pool/);
  });

  it('user corrections move an entry to its new group, keep the automatic labels, and drive queries', () => {
    const index = openWith([row('a', '30-39', 'male', 'White'), row('b', '30-39', 'male', 'White')]);
    const e = index.setLabels(1, { ageGroup: '0-2', race: 'Black' });
    expect(e).toMatchObject({ ageGroup: '0-2', gender: 'male', race: 'Black', attributesSource: 'user', autoLabels: { ageGroup: '30-39', race: 'White' } });
    expect(index.setLabels(1, { gender: 'female' }).autoLabels).toMatchObject({ ageGroup: '30-39', gender: 'male' });
    expect(() => index.setLabels(2, { ageGroup: '0-1' as never })).toThrow(/age group must be one of/);
    const s = sampleDonors(index, { ageGroup: '0-2', gender: 'female', races: ['Black'], k: 5, rng: createRng(1) });
    expect(s.entries.map((x) => x.id)).toEqual([1]);
    expect(s.report.widened).toEqual([]);
    index.close();
  });

  it('stores fp32 latents exactly when a pool is created that way', () => {
    const index = PoolIndex.open(tempPoolPath(), PACK_A, { wplusDtype: 'float32' });
    index.insertEntries([row('a', '0-2', 'male', 'White', 0.1)]);
    expect(index.wplus([1])[7]).toBe(Math.fround(0.1));
    expect(index.diskBytesPerEntry().entries).toBe(1);
    index.close();
  });
});
