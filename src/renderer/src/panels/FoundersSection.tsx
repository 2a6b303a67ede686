/** "Add founders": a random person (seed, age group, gender), from the gene pool, or from a photo. */
import { useState } from 'react';
import { randomSeed } from '../state/breed-draft';
import { DiceIcon } from '../icons/DiceIcon';
import { AGE_GROUPS, GENDERS, type AgeGroup, type Gender } from '../../../domain/regions';
import type { PackSummary } from '../../../shared/api';

export interface FounderRequest {
  seed: number;
  ageGroup?: AgeGroup;
  gender?: Gender;
}

export { randomSeed } from '../state/breed-draft';

export function FoundersSection({
  pack,
  busy,
  onAdd,
  onOpenPool,
  onImportPhoto,
}: {
  pack: PackSummary | null;
  busy: boolean;
  onAdd(req: FounderRequest): void;
  onOpenPool(): void;
  /** Opens the photo dialog; it detects and aligns even without an encoder. */
  onImportPhoto(): void;
}) {
  const [seed, setSeed] = useState(() => randomSeed());
  const [age, setAge] = useState<AgeGroup | ''>('');
  const [gender, setGender] = useState<Gender | ''>('');
  const canRandom = !!pack?.capabilities.mapping;
  const photoReason = !pack
    ? 'No model pack is active.'
    : pack.capabilities.encoder
      ? null
      : `The model pack “${pack.name}” has no photo encoder: photos can be aligned, but only a pack with an encoder (StyleGene) turns them into founders.`;
  return (
    <section className="panel-section" aria-labelledby="founders-heading">
      <h3 id="founders-heading">Add founders</h3>
      <div className="form-grid">
        <label htmlFor="founder-seed">Seed</label>
        <div className="seed-row">
          <input
            id="founder-seed"
            data-testid="founder-seed"
            type="number"
            min={0}
            max={4294967295}
            value={seed}
            onChange={(e) => setSeed(Math.max(0, Math.min(0xffffffff, Math.floor(Number(e.target.value) || 0))))}
          />
          <button type="button" title="New random seed" aria-label="New random seed" onClick={() => setSeed(randomSeed())}>
            <DiceIcon />
          </button>
        </div>
        <label htmlFor="founder-age">Age group</label>
        <select id="founder-age" data-testid="founder-age" value={age} onChange={(e) => setAge(e.target.value as AgeGroup | '')}>
          <option value="">Any</option>
          {AGE_GROUPS.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
        <label htmlFor="founder-gender">Gender</label>
        <select id="founder-gender" data-testid="founder-gender" value={gender} onChange={(e) => setGender(e.target.value as Gender | '')}>
          <option value="">Any</option>
          {GENDERS.map((g) => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </select>
      </div>
      <div className="button-row">
        <button
          type="button"
          className="primary"
          data-testid="add-random-founder"
          disabled={!canRandom || busy}
          title={canRandom ? 'Add a random person drawn from the model' : 'The active pack has no mapping network'}
          onClick={() => {
            onAdd({ seed, ageGroup: age || undefined, gender: gender || undefined });
            setSeed(randomSeed());
          }}
        >
          {busy ? 'Adding…' : 'Random person'}
        </button>
        <button type="button" data-testid="open-pool" disabled={!pack} onClick={onOpenPool} title="Browse the gene pool and pick founders from it">
          From gene pool…
        </button>
        <button type="button" disabled={!pack} title={photoReason ?? 'Find a face in a photo, align it and add it as a founder'} data-testid="import-photo" onClick={onImportPhoto}>
          Import photo…
        </button>
      </div>
      {photoReason && (
        <p className="hint" data-testid="import-photo-reason">
          {photoReason}
        </p>
      )}
    </section>
  );
}
