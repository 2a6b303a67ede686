/**
 * One selected person: large image, name and attributes (editable: automatic
 * labels are often wrong), parents, the stored seed and settings, "breed again
 * with these settings", and region transplant from another person.
 */
import { useEffect, useState } from 'react';
import { AGE_GROUPS, GENDERS, RACES, REGION_GROUPS, REGION_GROUP_LABELS, REGION_GROUP_NAMES, type RegionGroup } from '../../../domain/regions';
import type { PersonDto, RegionReportDto } from '../../../shared/dto';
import type { StudioClient } from '../api/client';
import { attributesLabel, originLabel, RACE_LABELS } from '../labels';
import { PersonResemblance } from './ResemblanceMeter';
import { AgeThisPerson, GrowUpStrip } from './GrowUpStrip';

interface Detail {
  person: PersonDto;
  image: string;
  father: PersonDto | null;
  mother: PersonDto | null;
  regions: RegionReportDto[] | null;
}

interface Props {
  client: StudioClient;
  person: PersonDto;
  persons: PersonDto[];
  thumbs: Record<string, string>;
  onSelect(id: string): void;
  onBreedAgain(p: PersonDto): void;
  onDelete(id: string): void;
  onError(error: unknown): void;
}

export function PersonInspector({ client, person, persons, thumbs, onSelect, onBreedAgain, onDelete, onError }: Props) {
  const [detail, setDetail] = useState<Detail | null>(null);
  const [name, setName] = useState(person.name);
  useEffect(() => {
    setName(person.name);
    let live = true;
    client.invoke('persons.detail', { id: person.id }).then((d) => live && setDetail(d), onError);
    return () => {
      live = false;
    };
  }, [client, person, onError]);

  const update = (patch: { name?: string; attributes?: PersonDto['attributes'] }): void => {
    client.invoke('persons.update', { id: person.id, ...patch }).catch(onError);
  };
  const a = person.attributes;
  const o = person.origin;
  return (
    <section className="panel-section inspector" aria-labelledby="inspector-heading" data-testid="person-inspector">
      <h3 id="inspector-heading">Person</h3>
      {detail ? <img className="inspector-image" src={detail.image} alt={person.name} /> : <div className="inspector-image placeholder" />}
      <input
        className="name-input"
        aria-label="Name"
        data-testid="person-name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        onBlur={() => name.trim() && name !== person.name && update({ name: name.trim() })}
        onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
      />
      <div className="muted small">{originLabel(person)}</div>
      <div className="form-grid">
        <label htmlFor="attr-age">Age group</label>
        <select id="attr-age" value={a?.ageGroup ?? ''} onChange={(e) => update({ attributes: { ageGroup: e.target.value as never, gender: a?.gender ?? 'female', race: a?.race ?? 'White' } })}>
          {!a && <option value="">Unknown</option>}
          {AGE_GROUPS.map((x) => <option key={x} value={x}>{x}</option>)}
        </select>
        <label htmlFor="attr-gender">Gender</label>
        <select id="attr-gender" value={a?.gender ?? ''} onChange={(e) => update({ attributes: { ageGroup: a?.ageGroup ?? '20-29', gender: e.target.value as never, race: a?.race ?? 'White' } })}>
          {!a && <option value="">Unknown</option>}
          {GENDERS.map((x) => <option key={x} value={x}>{x}</option>)}
        </select>
        <label htmlFor="attr-race">Race</label>
        <select id="attr-race" value={a?.race ?? ''} onChange={(e) => update({ attributes: { ageGroup: a?.ageGroup ?? '20-29', gender: a?.gender ?? 'female', race: e.target.value as never } })}>
          {!a && <option value="">Unknown</option>}
          {RACES.map((x) => <option key={x} value={x}>{RACE_LABELS[x]}</option>)}
        </select>
      </div>
      <div className="muted small">{person.attributesSource === 'user' ? 'Attributes set by you' : 'Attributes labelled automatically'}</div>
      <AgeThisPerson client={client} person={person} onError={onError} />
      <GrowUpStrip client={client} person={person} onError={onError} />

      {o.kind === 'child' && (
        <>
          <h4>Parents</h4>
          <div className="parents-row">
            {[detail?.father, detail?.mother].map((p, i) =>
              p ? (
                <button type="button" key={p.id} className={`parent-chip parent-${i ? 'mother' : 'father'}`} onClick={() => onSelect(p.id)}>
                  {thumbs[p.id] ? <img src={thumbs[p.id]} alt="" /> : <div className="thumb-placeholder" />}
                  <div>
                    <div className="chip-role">{i ? 'Mother' : 'Father'}</div>
                    <div className="chip-name">{p.name}</div>
                    <div className="chip-meta">{attributesLabel(p)}</div>
                  </div>
                </button>
              ) : null,
            )}
          </div>
          <PersonResemblance client={client} person={person} onError={onError} />
          <h4>Breeding settings</h4>
          <dl className="settings-list" data-testid="child-settings">
            <dt>Seed</dt><dd>{o.seed} (child #{o.index + 1})</dd>
            <dt>γ / η</dt><dd>{o.settings.gamma} / {o.settings.eta}</dd>
            <dt>Fusion layer l</dt><dd>{o.settings.fusionLayer}</dd>
            <dt>Temperature τ</dt><dd>{o.settings.temperature}</dd>
            <dt>Region overrides</dt><dd>{Object.keys(o.settings.overrides).length || 'none'}</dd>
            {o.target && (<><dt>Child group</dt><dd>{o.target.ageGroup} · {o.target.gender}</dd></>)}
            <dt>Age control</dt>
            <dd data-testid="child-age-control">
              {o.settings.age && o.settings.age.strength > 0
                ? `to ${o.settings.age.target}, strength ${o.settings.age.strength}, directions from the ${o.settings.age.source === 'pool' ? 'gene pool' : "pack's mapping network"}`
                : 'off (as in the paper)'}
            </dd>
          </dl>
          <button type="button" data-testid="breed-again" onClick={() => onBreedAgain(person)}>
            Breed again with these settings
          </button>
        </>
      )}

      <Transplant client={client} person={person} persons={persons} onError={onError} onKept={onSelect} />

      <div className="button-row">
        <button type="button" className="danger" data-testid="delete-person" onClick={() => window.confirm(`Delete ${person.name}?`) && onDelete(person.id)}>
          Delete person
        </button>
      </div>
    </section>
  );
}

/** Paper Fig. 6: replace chosen regions of this person by another person's. */
function Transplant({ client, person, persons, onError, onKept }: { client: StudioClient; person: PersonDto; persons: PersonDto[]; onError(error: unknown): void; onKept(id: string): void }) {
  const others = persons.filter((p) => p.id !== person.id);
  const [donorId, setDonorId] = useState<string>('');
  const [groups, setGroups] = useState<RegionGroup[]>(['nose']);
  const [image, setImage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // What the shown image was made from: Keep stores exactly that, even if the form changed since.
  const [shown, setShown] = useState<{ donorId: string; regions: number[] } | null>(null);
  if (others.length === 0) return null;
  const keep = async (): Promise<void> => {
    if (!shown) return;
    setBusy(true);
    try {
      const kept = await client.invoke('transplant.keep', { targetId: person.id, ...shown });
      setImage(null);
      setShown(null);
      onKept(kept.id);
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };
  const run = async (): Promise<void> => {
    const regions = groups.flatMap((g) => REGION_GROUPS[g]);
    if (!donorId || regions.length === 0) return;
    setBusy(true);
    try {
      setImage((await client.invoke('transplant.preview', { targetId: person.id, donorId, regions })).image);
      setShown({ donorId, regions });
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="transplant" data-testid="transplant">
      <summary>Region transplant</summary>
      <p className="hint">
        Replace regions of {person.name} by another person’s genes. A region brings whatever the model pack draws from it: in the
        built-in pack, glasses belong to the nose bridge, so a nose transplant adds or removes glasses around the eyes.
      </p>
      <select aria-label="Donor" value={donorId} onChange={(e) => setDonorId(e.target.value)}>
        <option value="">Choose a donor…</option>
        {others.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
      </select>
      <div className="chips">
        {REGION_GROUP_NAMES.map((g) => (
          <label key={g} className="chip">
            <input type="checkbox" checked={groups.includes(g)} onChange={(e) => setGroups(e.target.checked ? [...groups, g] : groups.filter((x) => x !== g))} />
            {REGION_GROUP_LABELS[g]}
          </label>
        ))}
      </div>
      <button type="button" disabled={!donorId || groups.length === 0 || busy} onClick={() => void run()}>
        {busy ? 'Working…' : 'Show transplant'}
      </button>
      {image && <img className="inspector-image" src={image} alt="Transplant result" data-testid="transplant-result" />}
      {image && shown && (
        <div className="button-row">
          <button type="button" className="primary" data-testid="transplant-keep" disabled={busy} onClick={() => void keep()}>
            Keep as person
          </button>
          <span className="hint">Adds it to the tree as a new person; {person.name} stays as they are.</span>
        </div>
      )}
    </details>
  );
}
