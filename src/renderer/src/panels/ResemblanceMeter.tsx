/**
 * How much of each parent a child carries ("62 % father · 31 % mother · 7 % pool") and how
 * different a batch's siblings are (docs/ARCHITECTURE.md "Resemblance and sibling diversity").
 */
import { useEffect, useState } from 'react';
import { REGION_GROUP_LABELS, REGION_GROUP_NAMES } from '../../../domain/regions';
import type { ParentShareDto, PersonDto, ResemblanceDto, SiblingDiversityDto } from '../../../shared/dto';
import type { StudioClient } from '../api/client';
import '../styles/age.css';

const pct = (x: number): string => `${Math.round(x * 100)} %`;

export function shareText(s: ParentShareDto): string {
  return `${pct(s.father)} father · ${pct(s.mother)} mother · ${pct(s.pool)} pool`;
}

export const RESEMBLANCE_EXPLAINED =
  'Each face region counts once: an inherited region gives α to the father, β to the mother and γ to a gene-pool donor, a mutated region all to its donor; “genes” compares the child’s region genes with each parent’s (closer = more alike).';

export const DIVERSITY_EXPLAINED =
  'Sibling diversity is the mean W+ distance between two children of this batch divided by the mean distance between two unrelated founders: 100 % = as different as strangers.';

function Bar({ share }: { share: ParentShareDto }) {
  return (
    <div className="resemblance-bar" role="img" aria-label={shareText(share)}>
      <span className="share-father" style={{ width: pct(share.father).replace(' ', '') }} />
      <span className="share-mother" style={{ width: pct(share.mother).replace(' ', '') }} />
      <span className="share-pool" style={{ width: pct(share.pool).replace(' ', '') }} />
    </div>
  );
}

/** One line and a bar: for each candidate. */
export function ResemblanceBadge({ resemblance }: { resemblance: ResemblanceDto | null }) {
  if (!resemblance) return null;
  const o = resemblance.crossover.overall;
  return (
    <>
      <Bar share={o} />
      <span className="resemblance-text" data-testid="candidate-resemblance" title={RESEMBLANCE_EXPLAINED}>
        {shareText(o)}
      </span>
    </>
  );
}

/** The inspector's meter: overall, per region group, and the genes' distance reading. */
export function ResemblanceMeter({ resemblance }: { resemblance: ResemblanceDto }) {
  const { crossover, genes } = resemblance;
  return (
    <div data-testid="resemblance-meter">
      <Bar share={crossover.overall} />
      <div className="resemblance-text" data-testid="resemblance-overall">
        {shareText(crossover.overall)}
      </div>
      <div className="resemblance-groups">
        {REGION_GROUP_NAMES.map((g) => {
          const s = crossover.groups[g];
          const d = genes.groups[g];
          if (!s) return null;
          return (
            <div key={g} style={{ display: 'contents' }}>
              <span>{REGION_GROUP_LABELS[g]}</span>
              <Bar share={s} />
              <span className="num" title={d ? `gene distance: father ${d.toFather.toFixed(1)}, mother ${d.toMother.toFixed(1)}` : undefined}>
                {pct(s.father)} · {pct(s.mother)}
              </span>
            </div>
          );
        })}
      </div>
      <div className="resemblance-text" data-testid="resemblance-genes">
        Genes: {pct(genes.overall.fatherShare)} father-like · {pct(1 - genes.overall.fatherShare)} mother-like (distance {genes.overall.toFather.toFixed(1)} to father,{' '}
        {genes.overall.toMother.toFixed(1)} to mother)
      </div>
      <p className="hint">{RESEMBLANCE_EXPLAINED}</p>
    </div>
  );
}

export function DiversityLine({ diversity }: { diversity: SiblingDiversityDto | null }) {
  if (!diversity) return null;
  return (
    <p className="diversity-line" data-testid="sibling-diversity">
      Sibling diversity: <strong>{pct(diversity.ratio)}</strong> of unrelated pairs (mean W+ distance {diversity.siblings.toFixed(1)} vs {diversity.unrelated.toFixed(1)}).{' '}
      <span className="muted">{DIVERSITY_EXPLAINED}</span>
    </p>
  );
}

/** The inspector's section for a stored child (fetches its resemblance; nothing for founders). */
export function PersonResemblance({ client, person, onError }: { client: StudioClient; person: PersonDto; onError(error: unknown): void }) {
  const [r, setR] = useState<ResemblanceDto | null>(null);
  useEffect(() => {
    setR(null);
    if (person.origin.kind !== 'child') return;
    let live = true;
    client.invoke('persons.resemblance', { id: person.id }).then((x) => live && setR(x), onError);
    return () => {
      live = false;
    };
  }, [client, person, onError]);
  if (!r) return null;
  return (
    <>
      <h4>Resemblance</h4>
      <ResemblanceMeter resemblance={r} />
    </>
  );
}
