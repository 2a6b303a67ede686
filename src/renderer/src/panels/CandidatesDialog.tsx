/** Generate N → progress and cancel → a grid of candidates → keep the chosen, discard the rest. */
import { useState } from 'react';
import type { BatchDto } from '../../../shared/dto';
import type { JobState } from '../state/use-jobs';
import { DiversityLine, RESEMBLANCE_EXPLAINED, ResemblanceBadge } from './ResemblanceMeter';

interface Props {
  progress: JobState | null;
  batch: BatchDto | null;
  error: string | null;
  onCancel(): void;
  onKeep(indices: number[]): void;
  onDiscard(): void;
  onExport(): void;
  onClose(): void;
  /** The full-size image of one candidate (the batch carries thumbnails only). */
  loadImage(index: number): Promise<string>;
}

export function CandidatesDialog({ progress, batch, error, onCancel, onKeep, onDiscard, onExport, onClose, loadImage }: Props) {
  const [chosen, setChosen] = useState<number[]>([]);
  const [full, setFull] = useState<{ index: number; image: string | null; error: string | null } | null>(null);
  const showFull = (index: number): void => {
    setFull({ index, image: null, error: null });
    loadImage(index).then(
      (image) => setFull((f) => (f?.index === index ? { index, image, error: null } : f)),
      (e: Error) => setFull((f) => (f?.index === index ? { index, image: null, error: e.message } : f)),
    );
  };
  const toggle = (i: number): void => setChosen((c) => (c.includes(i) ? c.filter((x) => x !== i) : [...c, i]));
  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-labelledby="cand-title" data-testid="candidates-dialog">
      <div className="modal wide">
        <header>
          <h2 id="cand-title">{batch ? `Candidates · seed ${batch.seed}` : 'Breeding…'}</h2>
          {batch && <span className="muted">{batch.pool.group}{batch.pool.widened.length ? ` · ${batch.pool.widened.join('; ')}` : ''}</span>}
        </header>
        {!batch && !error && (
          <div className="progress-block" data-testid="candidates-progress">
            <div className="progress-label">{progress ? `${progress.label} ${progress.done}/${progress.total}` : 'Starting…'}</div>
            <progress max={progress?.total || 1} value={progress?.done ?? 0} />
            <button type="button" data-testid="candidates-cancel" onClick={onCancel}>Cancel</button>
          </div>
        )}
        {error && (
          <div className="error-block">
            <p className="error-text">{error}</p>
            <button type="button" onClick={onClose}>Close</button>
          </div>
        )}
        {batch && (
          <>
            <p className="hint">Click the children to keep; the others are discarded. Under each: how much of it comes from father, mother and gene pool. {RESEMBLANCE_EXPLAINED}</p>
            <DiversityLine diversity={batch.diversity} />
            <div className="candidate-grid" data-testid="candidate-grid">
              {batch.candidates.map((c) => (
                <div key={c.index} className="candidate-cell">
                  <button
                    type="button"
                    className={`candidate ${chosen.includes(c.index) ? 'chosen' : ''}`}
                    aria-pressed={chosen.includes(c.index)}
                    data-testid={`candidate-${c.index}`}
                    onClick={() => toggle(c.index)}
                  >
                    <img src={c.thumbnail} alt={`Candidate ${c.index + 1}`} />
                    <span>
                      #{c.index + 1}
                      {c.attributes ? ` · ${c.attributes.ageGroup} ${c.attributes.gender}` : ''}
                    </span>
                    <ResemblanceBadge resemblance={c.resemblance} />
                  </button>
                  <button type="button" className="link-button" data-testid={`candidate-full-${c.index}`} onClick={() => showFull(c.index)}>
                    Full size
                  </button>
                </div>
              ))}
            </div>
            {full && (
              <div className="candidate-full" data-testid="candidate-full">
                <header className="button-row">
                  <strong>Candidate {full.index + 1}</strong>
                  <span className="toolbar-spacer" />
                  <button type="button" data-testid="candidate-full-close" onClick={() => setFull(null)}>Close</button>
                </header>
                {full.error ? <p className="error-text">{full.error}</p> : full.image ? <img src={full.image} alt={`Candidate ${full.index + 1}, full size`} /> : <p className="muted">Loading…</p>}
              </div>
            )}
            <footer className="button-row">
              <button type="button" className="primary" data-testid="candidates-keep" disabled={chosen.length === 0} onClick={() => onKeep([...chosen].sort((a, b) => a - b))}>
                Keep {chosen.length || ''} selected
              </button>
              <button type="button" onClick={() => setChosen(batch.candidates.map((c) => c.index))}>Select all</button>
              <button type="button" onClick={onExport}>Export grid</button>
              <span className="toolbar-spacer" />
              <button type="button" className="danger" data-testid="candidates-discard" onClick={onDiscard}>Discard all</button>
            </footer>
          </>
        )}
      </div>
    </div>
  );
}
