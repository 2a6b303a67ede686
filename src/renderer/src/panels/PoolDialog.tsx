/**
 * The gene pool browser: a 9×2×7 heat map of entry counts (age rows; gender ×
 * race columns), a build from random samples with progress and cancel, the import
 * of the authors' gene pool (geneFactorPool.pkl: gene-only entries, read in place),
 * the thumbnails of a group, label corrections, and "use as founder".
 */
import { useCallback, useEffect, useState } from 'react';
import { AGE_GROUPS, GENDERS, RACES, type AgeGroup, type Gender, type Race } from '../../../domain/regions';
import type { PoolEntryDto } from '../../../shared/dto';
import type { StudioClient } from '../api/client';
import { newJobId, type JobState } from '../state/use-jobs';
import { RACE_LABELS } from '../labels';
import { randomSeed } from './FoundersSection';

interface Status {
  path: string;
  exists: boolean;
  total: number;
  counts: number[][][];
}

interface Props {
  client: StudioClient;
  jobs: Record<string, JobState>;
  onClose(): void;
  onFounder(id: string): void;
}

const RACE_SHORT: Record<Race, string> = {
  White: 'Wh',
  Black: 'Bl',
  Latino_Hispanic: 'La',
  'East Asian': 'EA',
  'Southeast Asian': 'SEA',
  Indian: 'In',
  'Middle Eastern': 'ME',
};

export function PoolDialog({ client, jobs, onClose, onFounder }: Props) {
  const [status, setStatus] = useState<Status | null>(null);
  const [count, setCount] = useState(5000);
  const [jobId, setJobId] = useState<string | null>(null);
  const [group, setGroup] = useState<{ ageGroup: AgeGroup; gender: Gender; race: Race } | null>(null);
  const [entries, setEntries] = useState<PoolEntryDto[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [genesFile, setGenesFile] = useState('');
  const job = jobId ? jobs[jobId] : undefined;

  const refresh = useCallback(async () => {
    try {
      setStatus(await client.invoke('pool.status', {}));
    } catch (e) {
      setMessage((e as Error).message);
    }
  }, [client]);
  useEffect(() => void refresh(), [refresh]);
  // The heat map fills in while a build runs (each committed batch), at most once a second.
  const building = !!job;
  useEffect(() => {
    if (!building) return;
    const timer = setInterval(() => void refresh(), 1000);
    return () => clearInterval(timer);
  }, [building, refresh]);

  useEffect(() => {
    if (!group) return;
    setEntries(null);
    client.invoke('pool.group', { ...group, offset: 0, limit: 40 }).then(setEntries, (e: Error) => setMessage(e.message));
  }, [client, group]);

  const build = async (): Promise<void> => {
    const id = newJobId('pool');
    setJobId(id);
    setMessage(null);
    try {
      const r = await client.invoke('pool.buildRandom', { jobId: id, count, seed: randomSeed() });
      setMessage(`Added ${r.added} entries in ${r.seconds.toFixed(1)} s; the pool now holds ${r.total}.`);
    } catch (e) {
      const err = e as Error & { code?: string };
      setMessage(err.code === 'cancelled' ? 'Build cancelled; entries committed so far are kept.' : err.message);
    } finally {
      setJobId(null);
      void refresh();
    }
  };

  const importGenes = async (): Promise<void> => {
    const id = newJobId('genes');
    setJobId(id);
    setMessage(null);
    try {
      const r = await client.invoke('pool.importGenes', { jobId: id, file: genesFile.trim() });
      const skipped = r.skippedKeys.length ? ` Skipped ${r.skippedKeys.length} unknown group${r.skippedKeys.length === 1 ? '' : 's'} (${r.skippedKeys.map((k) => k.key).join(', ')}).` : '';
      setMessage(`Imported ${r.entries} gene-only entries (${r.added} new) from ${r.file}; the pool now holds ${r.total}. Their genes stay in that file: keep it there.${skipped}`);
      setGroup((g) => (g ? { ...g } : g));
    } catch (e) {
      const err = e as Error & { code?: string };
      setMessage(err.code === 'cancelled' ? 'Import cancelled; the pool is unchanged.' : err.message);
    } finally {
      setJobId(null);
      void refresh();
    }
  };

  const max = status ? Math.max(1, ...status.counts.flat(2)) : 1;
  const relabel = async (e: PoolEntryDto, patch: Partial<Pick<PoolEntryDto, 'ageGroup' | 'gender' | 'race'>>): Promise<void> => {
    try {
      const updated = await client.invoke('pool.setLabels', { id: e.id, ...patch });
      setEntries((list) => list?.map((x) => (x.id === e.id ? { ...updated, thumbnail: x.thumbnail } : x)) ?? null);
      void refresh();
    } catch (err) {
      setMessage((err as Error).message);
    }
  };

  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-labelledby="pool-title" data-testid="pool-dialog">
      <div className="modal wide">
        <header>
          <h2 id="pool-title">Gene pool</h2>
          <span className="muted small">
            {status ? (status.exists ? `${status.total} entries · ${status.path}` : `No pool yet for this model pack (${status.path}).`) : 'Loading…'}
          </span>
        </header>
        <p className="hint">
          Mutated regions take genes from pool entries of the child’s age group and gender and the parents’ races. Click a cell to see its people.
        </p>
        {status && (
          <div className="heatmap-wrap">
            <table className="heatmap" data-testid="pool-heatmap">
              <thead>
                <tr>
                  <th rowSpan={2}>Age</th>
                  {GENDERS.map((g) => <th key={g} colSpan={RACES.length}>{g}</th>)}
                </tr>
                <tr>
                  {GENDERS.flatMap((g) => RACES.map((r) => <th key={`${g}${r}`} title={RACE_LABELS[r]}>{RACE_SHORT[r]}</th>))}
                </tr>
              </thead>
              <tbody>
                {AGE_GROUPS.map((a, ai) => (
                  <tr key={a}>
                    <th>{a}</th>
                    {GENDERS.flatMap((g, gi) =>
                      RACES.map((r, ri) => {
                        const n = status.counts[ai]?.[gi]?.[ri] ?? 0;
                        const active = group?.ageGroup === a && group.gender === g && group.race === r;
                        return (
                          <td key={`${g}${r}`}>
                            <button
                              type="button"
                              className={`heat ${active ? 'active' : ''}`}
                              style={{ background: n ? `rgba(110, 168, 255, ${0.15 + 0.85 * Math.sqrt(n / max)})` : undefined }}
                              title={`${a} · ${g} · ${RACE_LABELS[r]}: ${n}`}
                              aria-label={`${a} ${g} ${RACE_LABELS[r]}: ${n} entries`}
                              onClick={() => setGroup({ ageGroup: a, gender: g, race: r })}
                            >
                              {n || ''}
                            </button>
                          </td>
                        );
                      }),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="button-row">
          <label htmlFor="pool-count" className="muted">Random samples</label>
          <input id="pool-count" data-testid="pool-count" type="number" min={1} max={100000} value={count} onChange={(e) => setCount(Math.max(1, Math.min(100000, Math.floor(Number(e.target.value) || 1))))} />
          <button type="button" className="primary" data-testid="pool-build" disabled={!!jobId} onClick={() => void build()}>
            Build from the model
          </button>
          {job && (
            <>
              <progress max={job.total || 1} value={job.done} data-testid="pool-progress" />
              <span className="muted small">{job.done}/{job.total}</span>
              <button type="button" data-testid="pool-cancel" onClick={() => jobId && void client.invoke('jobs.cancel', { jobId })}>Cancel</button>
            </>
          )}
        </div>
        <div className="button-row">
          <label htmlFor="pool-genes-file" className="muted">Authors’ gene pool</label>
          <input
            id="pool-genes-file"
            type="text"
            data-testid="pool-genes-file"
            placeholder="/path/to/geneFactorPool.pkl"
            value={genesFile}
            disabled={!!jobId}
            onChange={(e) => setGenesFile(e.target.value)}
            style={{ flex: 1 }}
          />
          <button type="button" data-testid="pool-import-genes" disabled={!!jobId || !genesFile.trim()} onClick={() => void importGenes()}>
            Import genes
          </button>
        </div>
        <p className="hint small">
          StyleGene’s own pool (geneFactorPool.pkl, 27.8 GB, from the authors’ repository) for the StyleGene pack: its entries are genes only, read from the file where it is (nothing is copied).
        </p>
        {message && <p className="hint" data-testid="pool-message">{message}</p>}
        {group && (
          <>
            <h4>{group.ageGroup} · {group.gender} · {RACE_LABELS[group.race]}</h4>
            {!entries ? (
              <p className="muted">Loading thumbnails…</p>
            ) : entries.length === 0 ? (
              <p className="muted">Nobody in this group.</p>
            ) : (
              <div className="pool-grid" data-testid="pool-grid">
                {entries.map((e) => (
                  <div key={e.id} className="pool-entry" data-genes-only={e.genesOnly ? 'true' : undefined}>
                    {e.thumbnail && (
                      <img
                        src={e.thumbnail}
                        alt={`Pool entry ${e.id}`}
                        title={e.genesOnly ? 'Approximate: decoded from the mean of its genes (mu), not a photo' : undefined}
                      />
                    )}
                    {e.genesOnly && (
                      <div className="small" data-testid="pool-genes-only">
                        <span className="badge">genes only</span> <span className="muted">approximate preview, decoded from mu</span>
                      </div>
                    )}
                    <div className="pool-labels">
                      <select aria-label="Age group" value={e.ageGroup} onChange={(ev) => void relabel(e, { ageGroup: ev.target.value as AgeGroup })}>
                        {AGE_GROUPS.map((x) => <option key={x}>{x}</option>)}
                      </select>
                      <select aria-label="Gender" value={e.gender} onChange={(ev) => void relabel(e, { gender: ev.target.value as Gender })}>
                        {GENDERS.map((x) => <option key={x}>{x}</option>)}
                      </select>
                      <select aria-label="Race" value={e.race} onChange={(ev) => void relabel(e, { race: ev.target.value as Race })}>
                        {RACES.map((x) => <option key={x} value={x}>{RACE_LABELS[x]}</option>)}
                      </select>
                    </div>
                    <button
                      type="button"
                      onClick={() =>
                        client.invoke('pool.useAsFounder', { id: e.id }).then(
                          (p) => onFounder(p.id),
                          (err: Error) => setMessage(err.message),
                        )
                      }
                    >
                      Use as founder
                    </button>
                  </div>
                ))}
              </div>
            )}
          </>
        )}
        <footer className="button-row">
          <span className="toolbar-spacer" />
          <button type="button" onClick={onClose}>Close</button>
        </footer>
      </div>
    </div>
  );
}
