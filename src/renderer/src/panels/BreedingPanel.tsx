/**
 * Breeding two selected persons: count, child age group and gender, γ, η, l, τ,
 * seed with re-roll, the 34-region face map, and a live preview of one child
 * that follows every change (debounced; stale results dropped).
 */
import { useEffect, useState } from 'react';
import { AGE_GROUPS, GENDERS, type AgeGroup, type Gender } from '../../../domain/regions';
import { LATENT_SHAPE } from '../../../domain/latent-shape';
import { DEFAULT_DRAFT, draftSettings, type BreedDraft } from '../state/breed-draft';
import { LatestOnly } from '../state/latest-only';
import type { PersonDto, PoolUseDto, RegionReportDto, TargetDto } from '../../../shared/dto';
import type { StudioClient } from '../api/client';
import { FaceMap } from '../facemap';
import { attributesLabel } from '../labels';
import { randomSeed } from './FoundersSection';
import { DiceIcon } from '../icons/DiceIcon';

export { DEFAULT_DRAFT, draftSettings, type BreedDraft } from '../state/breed-draft';

interface Props {
  client: StudioClient;
  father: PersonDto;
  mother: PersonDto;
  thumbs: Record<string, string>;
  draft: BreedDraft;
  onDraft(d: BreedDraft): void;
  onSwap(): void;
  onGenerate(): void;
  busy: boolean;
}

export function BreedingPanel({ client, father, mother, thumbs, draft, onDraft, onSwap, onGenerate, busy }: Props) {
  const [preview, setPreview] = useState<{ image: string; regions: RegionReportDto[]; pool: PoolUseDto } | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const set = (patch: Partial<BreedDraft>): void => onDraft({ ...draft, ...patch });

  // Live preview of every change, at once when no preview is being made, else right after it;
  // only the newest answer is shown (state/latest-only.ts).
  const [previews] = useState(() => new LatestOnly());
  useEffect(() => () => previews.cancel(), [previews]);
  useEffect(() => {
    setPreviewing(true);
    previews.run(
      () => client.invoke('breed.preview', { fatherId: father.id, motherId: mother.id, seed: draft.seed, settings: draftSettings(draft), target: draft.target }),
      (p) => {
        setPreview(p);
        setPreviewError(null);
        setPreviewing(false);
      },
      (e) => {
        setPreviewError(e.message);
        setPreviewing(false);
      },
    );
  }, [previews, client, father.id, mother.id, draft]);

  return (
    <section className="panel-section breeding" aria-labelledby="breed-heading" data-testid="breeding-panel">
      <h3 id="breed-heading">Breed children</h3>
      <div className="parents-row">
        <ParentChip role="Father" person={father} thumb={thumbs[father.id]} />
        <button type="button" className="swap" title="Swap father and mother" aria-label="Swap father and mother" onClick={onSwap}>
          ⇄
        </button>
        <ParentChip role="Mother" person={mother} thumb={thumbs[mother.id]} />
      </div>

      <div className="preview-box" aria-live="polite">
        {preview ? (
          <img src={preview.image} alt="Preview of one child" data-testid="breed-preview" className={previewing ? 'stale' : ''} />
        ) : (
          <div className="preview-empty">{previewError ?? 'Preparing preview…'}</div>
        )}
        <div className="preview-caption">
          {previewError ? <span className="error-text">{previewError}</span> : `Preview: child 1 of seed ${draft.seed}${previewing ? ' · updating…' : ''}`}
        </div>
        {preview && (
          <div className="pool-use" data-testid="breed-pool-use">
            {preview.pool.group}
            {preview.pool.widened.map((w) => <div key={w} className="widened">↳ {w}</div>)}
            {preview.pool.age && <div data-testid="breed-age-use">{preview.pool.age}</div>}
          </div>
        )}
      </div>

      <div className="form-grid">
        <label htmlFor="breed-count">Children</label>
        <input id="breed-count" data-testid="breed-count" type="number" min={1} max={64} value={draft.count}
          onChange={(e) => set({ count: clampInt(e.target.value, 1, 64) })} />
        <label htmlFor="breed-seed">Seed</label>
        <div className="seed-row">
          <input id="breed-seed" data-testid="breed-seed" type="number" min={0} max={4294967295} value={draft.seed}
            onChange={(e) => set({ seed: clampInt(e.target.value, 0, 0xffffffff) })} />
          <button type="button" title="Re-roll the seed" aria-label="Re-roll the seed" data-testid="breed-reroll" onClick={() => set({ seed: randomSeed() })}>
            <DiceIcon />
          </button>
        </div>
      </div>
      <div className="button-row">
        <button type="button" className="primary" data-testid="breed-generate" disabled={busy} onClick={onGenerate}>
          Generate {draft.count}
        </button>
      </div>

      <h4>What each region inherits</h4>
      <FaceMap value={draft.overrides} onChange={(overrides) => set({ overrides })} lastReport={preview?.regions} />

      <h4>Settings</h4>
      <div className="form-grid">
        <label htmlFor="breed-age">Child age</label>
        <select id="breed-age" value={draft.target?.ageGroup ?? ''} onChange={(e) => set({ target: targetWith(draft.target, { ageGroup: e.target.value as AgeGroup }) })}>
          <option value="">Not set (no pool group)</option>
          {AGE_GROUPS.map((a) => <option key={a} value={a}>{a}</option>)}
        </select>
        <label htmlFor="breed-gender">Child gender</label>
        <select id="breed-gender" value={draft.target?.gender ?? ''} onChange={(e) => set({ target: targetWith(draft.target, { gender: e.target.value as Gender }) })}>
          <option value="">Not set</option>
          {GENDERS.map((g) => <option key={g} value={g}>{g}</option>)}
        </select>
        {draft.target && (
          <Slider id="breed-age-strength" label={`Age strength (to ${draft.target.ageGroup})`} min={0} max={2} step={0.05} value={draft.ageStrength} onChange={(ageStrength) => set({ ageStrength })} />
        )}
        <Slider id="breed-gamma" label="γ pool share" min={0} max={1} step={0.01} value={draft.gamma} onChange={(gamma) => set({ gamma })} />
        <Slider id="breed-eta" label="η mutation" min={0} max={1} step={0.01} value={draft.eta} onChange={(eta) => set({ eta })} />
        <Slider id="breed-l" label="l fusion layer" min={0} max={LATENT_SHAPE.numWs} step={1} value={draft.fusionLayer} onChange={(fusionLayer) => set({ fusionLayer })} />
        <Slider id="breed-tau" label="τ temperature" min={0} max={3} step={0.05} value={draft.temperature} onChange={(temperature) => set({ temperature })} />
      </div>
      {draft.target && (
        <p className="hint" data-testid="breed-age-hint">
          The method alone sets a child's age only through its gene-pool donors, so children keep their parents' adult features; the age strength moves each child from its own age toward {draft.target.ageGroup} along age directions measured from the gene pool (or the pack's own model), 0 = as in the paper.
        </p>
      )}
      <div className="button-row">
        <button type="button" onClick={() => onDraft({ ...DEFAULT_DRAFT, seed: draft.seed, count: draft.count, target: draft.target })}>
          Reset settings
        </button>
      </div>
    </section>
  );
}

function targetWith(t: TargetDto | null, patch: Partial<TargetDto>): TargetDto | null {
  const next = { ageGroup: t?.ageGroup ?? '20-29', gender: t?.gender ?? 'female', ...patch } as TargetDto;
  // Clearing either select clears the target: the pool group needs both.
  return (patch.ageGroup as string) === '' || (patch.gender as string) === '' ? null : next;
}

function clampInt(v: string, min: number, max: number): number {
  const n = Math.floor(Number(v));
  return Number.isFinite(n) ? Math.max(min, Math.min(max, n)) : min;
}

function ParentChip({ role, person, thumb }: { role: string; person: PersonDto; thumb?: string }) {
  return (
    <div className={`parent-chip parent-${role.toLowerCase()}`}>
      {thumb ? <img src={thumb} alt="" /> : <div className="thumb-placeholder" />}
      <div>
        <div className="chip-role">{role}</div>
        <div className="chip-name">{person.name}</div>
        <div className="chip-meta">{attributesLabel(person)}</div>
      </div>
    </div>
  );
}

function Slider({ id, label, min, max, step, value, onChange }: { id: string; label: string; min: number; max: number; step: number; value: number; onChange(v: number): void }) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <div className="slider-row">
        <input id={id} data-testid={id} type="range" min={min} max={max} step={step} value={value} onChange={(e) => onChange(Number(e.target.value))} />
        <output htmlFor={id}>{step < 1 ? value.toFixed(2) : value}</output>
      </div>
    </>
  );
}
