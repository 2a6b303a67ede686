/**
 * Attribute CSVs in the format of resources/data/ffhq_fairface_attributes.csv (shipped with the app):
 *   file_id,gender,age,race,race4,hair_color
 *   57695,Male,10-19,White,White,brown
 * `file_id` is the FFHQ image number (zero-padded, image 00000.png); gender is
 * capitalised there; race4 is ignored (race has the 7 FairFace classes). Columns are
 * found by header name, so extra or reordered columns are fine; RFC 4180 quoting is
 * understood. Bad rows are reported and left out, never fatal.
 */
import { readFileSync } from 'node:fs';
import { AGE_GROUPS, GENDERS, RACES, type AgeGroup, type Gender, type Race } from '../genes/regions';
import { PoolError } from './pool-errors';

export interface CsvAttributes {
  fileId: string;
  ageGroup: AgeGroup;
  gender: Gender;
  race: Race;
  hairColor: string | null;
}

export interface CsvRowError {
  line: number;
  message: string;
}

export interface AttributesCsv {
  /** By normalised file id (see normaliseFileId). */
  rows: Map<string, CsvAttributes>;
  errors: CsvRowError[];
}

const REQUIRED = ['file_id', 'gender', 'age', 'race'] as const;

/** "00042", "42" and "00042.png" all name FFHQ image 42. */
export function normaliseFileId(id: string): string {
  const stem = id.trim().replace(/\.[a-z0-9]+$/i, '');
  return /^\d+$/.test(stem) ? String(Number(stem)) : stem;
}

/** Splits CSV text into records of fields (quotes, doubled quotes, CRLF). */
export function splitCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length) {
    record.push(field);
    records.push(record);
  }
  return records;
}

function pick<T extends string>(value: string, allowed: readonly T[]): T | undefined {
  const v = value.trim().toLowerCase().replace(/[\s_]+/g, ' ');
  return allowed.find((a) => a.toLowerCase().replace(/[\s_]+/g, ' ') === v);
}

export function parseAttributesCsv(text: string, source = 'CSV'): AttributesCsv {
  const records = splitCsv(text.replace(/^\uFEFF/, ''));
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase());
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length) throw new PoolError(`${source}: the header must have the columns ${REQUIRED.join(', ')}; missing ${missing.join(', ')}.`);
  const col = (name: string): number => header.indexOf(name);
  const [iId, iGender, iAge, iRace, iHair] = [col('file_id'), col('gender'), col('age'), col('race'), col('hair_color')];
  const rows = new Map<string, CsvAttributes>();
  const errors: CsvRowError[] = [];
  for (let r = 1; r < records.length; r++) {
    const rec = records[r]!;
    const line = r + 1;
    if (rec.length === 1 && rec[0]!.trim() === '') continue; // blank line
    const fileId = (rec[iId] ?? '').trim();
    const ageGroup = pick(rec[iAge] ?? '', AGE_GROUPS);
    const gender = pick(rec[iGender] ?? '', GENDERS);
    const race = pick(rec[iRace] ?? '', RACES);
    const problems = [
      !fileId && 'empty file_id',
      !ageGroup && `age '${rec[iAge] ?? ''}' is not one of ${AGE_GROUPS.join(', ')}`,
      !gender && `gender '${rec[iGender] ?? ''}' is not male or female`,
      !race && `race '${rec[iRace] ?? ''}' is not one of ${RACES.join(', ')}`,
    ].filter(Boolean);
    if (problems.length) {
      errors.push({ line, message: problems.join('; ') });
      continue;
    }
    const key = normaliseFileId(fileId);
    if (rows.has(key)) {
      errors.push({ line, message: `file_id ${fileId} appears again (first row kept)` });
      continue;
    }
    const hair = iHair >= 0 ? (rec[iHair] ?? '').trim() : '';
    rows.set(key, { fileId, ageGroup: ageGroup!, gender: gender!, race: race!, hairColor: hair || null });
  }
  return { rows, errors };
}

export function readAttributesCsv(path: string): AttributesCsv {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new PoolError(`cannot read the attributes CSV ${path}: ${(e as Error).message}`);
  }
  return parseAttributesCsv(text, path);
}
