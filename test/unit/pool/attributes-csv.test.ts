import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AGE_GROUPS, GENDERS, RACES } from '../../../src/core/genes/regions';
import { bundledAttributesCsv } from '../../../src/core/paths';
import { normaliseFileId, parseAttributesCsv, readAttributesCsv, splitCsv } from '../../../src/core/pool/attributes-csv';

// The label file that ships with the app (resources/data), the default of `pool build-ffhq`.
const SHARED = fileURLToPath(new URL('../../../resources/data/ffhq_fairface_attributes.csv', import.meta.url));

describe('attributes CSV', () => {
  it('parses the FFHQ/FairFace format, normalising gender case and file ids', () => {
    const { rows, errors } = parseAttributesCsv('file_id,gender,age,race,race4,hair_color\n57695,Male,10-19,White,White,brown\n04400,Female,30-39,East Asian,Asian,black\r\n');
    expect(errors).toEqual([]);
    expect(rows.get('57695')).toEqual({ fileId: '57695', gender: 'male', ageGroup: '10-19', race: 'White', hairColor: 'brown' });
    expect(rows.get('4400')?.race).toBe('East Asian');
    expect(normaliseFileId('04400.png')).toBe('4400');
  });

  it('finds columns by name, understands quotes, reports bad rows by line', () => {
    const text = 'race,file_id,age,gender\n"Latino_Hispanic","7","0-2","male"\nMartian,8,3-9,male\n9,x,female\n"East Asian",7,20-29,female\n';
    const { rows, errors } = parseAttributesCsv(text);
    expect([...rows.keys()]).toEqual(['7']);
    expect(rows.get('7')).toMatchObject({ race: 'Latino_Hispanic', ageGroup: '0-2', hairColor: null });
    expect(errors.map((e) => e.line)).toEqual([3, 4, 5]);
    expect(errors[0]!.message).toMatch(/race 'Martian'/);
    expect(errors[2]!.message).toMatch(/appears again/);
    expect(splitCsv('a,"b ""q"", c"\n')).toEqual([['a', 'b "q", c']]);
  });

  it('refuses a CSV without the required columns', () => {
    expect(() => parseAttributesCsv('id,sex\n1,male\n', 'x.csv')).toThrow(/x.csv: .*missing file_id, gender, age, race/);
  });

  it('reads the shipped FFHQ attribute file: 18,971 valid rows, found by bundledAttributesCsv', () => {
    expect(existsSync(SHARED)).toBe(true);
    expect(bundledAttributesCsv()).toBe(SHARED);
    const { rows, errors } = readAttributesCsv(SHARED);
    expect(errors).toEqual([]);
    expect(rows.size).toBe(18_971);
    const invalid = [...rows.values()].filter(
      (r) => !AGE_GROUPS.includes(r.ageGroup) || !GENDERS.includes(r.gender) || !RACES.includes(r.race),
    );
    expect(invalid).toEqual([]);
    expect(rows.get('57695')).toMatchObject({ gender: 'male', ageGroup: '10-19', race: 'White', hairColor: 'brown' });
  });
});
