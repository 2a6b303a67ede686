/** The one migration runner (src/core/sqlite/migrations.ts), used by projects and gene pools. */
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { latestVersion, runMigrations, type Migration } from '../../../src/core/sqlite/migrations';

const tables = (db: Database.Database): string[] =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
const version = (db: Database.Database): number => db.pragma('user_version', { simple: true }) as number;

const steps: Migration[] = [
  { version: 1, sql: 'CREATE TABLE a (x)' },
  { version: 2, sql: 'CREATE TABLE b (y); ALTER TABLE a ADD COLUMN z' },
  { version: 3, sql: 'CREATE TABLE c (w)' },
];

describe('migration runner', () => {
  it('brings a fresh file to the latest version', () => {
    const db = new Database(':memory:');
    runMigrations(db, steps);
    expect(version(db)).toBe(3);
    expect(latestVersion(steps)).toBe(3);
    expect(tables(db)).toEqual(['a', 'b', 'c']);
  });

  it('runs only the missing migrations of an older file', () => {
    const db = new Database(':memory:');
    runMigrations(db, steps.slice(0, 1));
    db.prepare('INSERT INTO a (x) VALUES (1)').run();
    runMigrations(db, steps);
    expect(version(db)).toBe(3);
    expect(db.prepare('SELECT x, z FROM a').all()).toEqual([{ x: 1, z: null }]);
  });

  it('a failing migration leaves the previous version and schema intact', () => {
    const db = new Database(':memory:');
    const broken: Migration[] = [steps[0]!, { version: 2, sql: 'CREATE TABLE b (y); ALTER TABLE nowhere ADD COLUMN z' }];
    expect(() => runMigrations(db, broken)).toThrow(/nowhere/);
    expect(version(db)).toBe(1);
    expect(tables(db)).toEqual(['a']);
  });
});

describe('migration runner and foreign keys', () => {
  it('rebuilds a referenced table without cascading, and refuses a migration that breaks references', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    const v1: Migration = { version: 1, sql: 'CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (p_id INTEGER REFERENCES p (id) ON DELETE CASCADE)' };
    runMigrations(db, [v1]);
    db.exec('INSERT INTO p VALUES (1); INSERT INTO c VALUES (1)');
    // A table rebuild: with foreign keys on, DROP TABLE p would delete c's row.
    const rebuild: Migration = { version: 2, sql: 'CREATE TABLE p2 (id INTEGER PRIMARY KEY, n TEXT); INSERT INTO p2 SELECT id, NULL FROM p; DROP TABLE p; ALTER TABLE p2 RENAME TO p' };
    runMigrations(db, [v1, rebuild]);
    expect(db.prepare('SELECT count(*) AS n FROM c').get()).toEqual({ n: 1 });
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const breaking: Migration = { version: 3, sql: 'DELETE FROM p' };
    expect(() => runMigrations(db, [v1, rebuild, breaking], { brokenReferences: (v, n) => new Error(`v${v}: ${n} broken`) })).toThrow('v3: 1 broken');
    expect(version(db)).toBe(2);
    expect(db.prepare('SELECT count(*) AS n FROM p').get()).toEqual({ n: 1 });
  });
});
