/**
 * Every person has an age that can be changed later: "Age this person" (same identity,
 * only the age moved; undoable) and the grow-up strip, the person at all 9 ages in one
 * scrollable row, exportable as a PNG with a JSON sidecar (docs/ARCHITECTURE.md "Age control").
 */
import { useEffect, useState } from 'react';
import { AGE_GROUPS, type AgeGroup } from '../../../domain/regions';
import type { GrowUpDto, PersonDto } from '../../../shared/dto';
import type { StudioClient } from '../api/client';
import { newJobId } from '../state/use-jobs';
import '../styles/age.css';

interface Props {
  client: StudioClient;
  person: PersonDto;
  onError(error: unknown): void;
}

export const GROW_UP_EXPLAINED =
  'Each cell is this person moved along the pack’s measured age directions to that age group; only the age layers move, so the identity stays the same.';

export function AgeThisPerson({ client, person, onError }: Props) {
  const [target, setTarget] = useState<AgeGroup>(person.attributes?.ageGroup ?? '30-39');
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => {
    setTarget(person.attributes?.ageGroup ?? '30-39');
  }, [person]);
  const run = async (): Promise<void> => {
    setBusy(true);
    setNote(null);
    try {
      setNote((await client.invoke('persons.age', { id: person.id, ageGroup: target })).note);
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div data-testid="age-this-person">
      <div className="age-row">
        <label htmlFor="age-person-target">Age this person to</label>
        <select id="age-person-target" data-testid="age-person-target" value={target} onChange={(e) => setTarget(e.target.value as AgeGroup)}>
          {AGE_GROUPS.map((a) => <option key={a} value={a}>{a}</option>)}
        </select>
        <button type="button" data-testid="age-person-run" disabled={busy} onClick={() => void run()}>
          {busy ? 'Aging…' : 'Age'}
        </button>
      </div>
      {note && <p className="hint" data-testid="age-person-note">{note} · Undo restores the earlier face.</p>}
    </div>
  );
}

export function GrowUpStrip({ client, person, onError }: Props) {
  const [strip, setStrip] = useState<GrowUpDto | null>(null);
  const [busy, setBusy] = useState(false);
  const [exported, setExported] = useState<string | null>(null);
  useEffect(() => {
    setStrip(null);
    setExported(null);
  }, [person]);
  const show = async (): Promise<void> => {
    setBusy(true);
    try {
      setStrip(await client.invoke('persons.growUp', { id: person.id }));
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };
  const exportStrip = async (): Promise<void> => {
    setBusy(true);
    try {
      const r = await client.invoke('export.grid', { jobId: newJobId('growup'), kind: 'grow-up', personId: person.id, cellSize: 256, labels: true });
      setExported(r.path);
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  return (
    <details className="growup" data-testid="growup">
      <summary>Growing up</summary>
      <div className="button-row">
        <button type="button" data-testid="growup-show" disabled={busy} onClick={() => void show()}>
          {busy && !strip ? 'Drawing…' : strip ? 'Draw again' : 'Show all 9 ages'}
        </button>
        <button type="button" data-testid="growup-export" disabled={busy} onClick={() => void exportStrip()}>
          Export strip (PNG + JSON)
        </button>
      </div>
      {strip && (
        <>
          <div className="growup-strip" data-testid="growup-strip">
            {strip.cells.map((c) => (
              <div key={c.ageGroup} className={`growup-cell ${c.ageGroup === strip.own ? 'own' : ''}`}>
                <img src={c.image} alt={`${person.name} at ${c.ageGroup}`} />
                <span>{c.ageGroup}{c.ageGroup === strip.own ? ' · now' : ''}</span>
              </div>
            ))}
          </div>
          <p className="hint" data-testid="growup-distances">
            W+ distance between neighbouring ages: mean {mean(strip.neighbourDistances).toFixed(1)}, max {Math.max(...strip.neighbourDistances).toFixed(1)}
            {strip.siblingDistance !== null ? `; to ${person.name}’s siblings: ${strip.siblingDistance.toFixed(1)}` : ''}. {GROW_UP_EXPLAINED}
          </p>
        </>
      )}
      {exported && <p className="hint" data-testid="growup-exported">Saved {exported} and its .json sidecar.</p>}
    </details>
  );
}
