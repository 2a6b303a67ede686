/**
 * Import a photo as a founder: choose a file, pick a face (boxes over the photo when
 * there are several), confirm the FFHQ-aligned crop, then invert it with the pack's
 * encoder and see the reconstruction beside the photo. Without an encoder the dialog
 * still detects and aligns, says so, and keeps the aligned crop on disk.
 */
import { useState } from 'react';
import type { DetectedPhotoDto, PersonDto } from '../../../shared/dto';
import type { StudioClient } from '../api/client';
import { PHOTO_MAX_BYTES, formatMiB } from '../../../shared/limits';

interface Props {
  client: StudioClient;
  /** Whether the active pack has an encoder (import) or not (detect + align only). */
  encoder: boolean;
  packName: string | null;
  onClose(): void;
  onFounder(person: PersonDto): void;
}

type Step = 'choose' | 'detecting' | 'aligning' | 'importing' | 'ready' | 'done';

/** base64 of a file, in chunks (String.fromCharCode over 50 MB at once overflows the stack). */
async function fileBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function ImportPhotoDialog({ client, encoder, packName, onClose, onFounder }: Props) {
  const [step, setStep] = useState<Step>('choose');
  const [photo, setPhoto] = useState<DetectedPhotoDto | null>(null);
  const [face, setFace] = useState<number | null>(null);
  const [aligned, setAligned] = useState<string | null>(null);
  const [reconstruction, setReconstruction] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);

  const align = async (p: DetectedPhotoDto, index: number): Promise<void> => {
    setFace(index);
    setAligned(null);
    setReconstruction(null);
    setError(null);
    setStep('aligning');
    try {
      const r = await client.invoke('photo.align', { photoId: p.photoId, faceIndex: index });
      setAligned(r.aligned);
      setStep('ready');
    } catch (e) {
      setError((e as Error).message);
      setStep('ready');
    }
  };

  const choose = async (file: File | undefined): Promise<void> => {
    if (!file) return;
    setPhoto(null);
    setFace(null);
    setAligned(null);
    setReconstruction(null);
    setError(null);
    setNote(null);
    setName(file.name.replace(/\.[^.]+$/, ''));
    if (file.size > PHOTO_MAX_BYTES) {
      setError(`${file.name} is ${formatMiB(file.size)}; the largest photo that can be imported is ${formatMiB(PHOTO_MAX_BYTES)}.`);
      setStep('choose');
      return;
    }
    setStep('detecting');
    try {
      const p = await client.invoke('photo.detect', { fileName: file.name, data: await fileBase64(file) });
      setPhoto(p);
      const usable = p.faces.find((f) => !f.problem);
      if (usable) await align(p, usable.index);
      else {
        setError(p.faces[0]?.problem ?? 'No usable face.');
        setStep('ready');
      }
    } catch (e) {
      setError((e as Error).message);
      setStep('choose');
    }
  };

  const runImport = async (): Promise<void> => {
    if (!photo || face === null) return;
    setStep('importing');
    setError(null);
    try {
      const r = await client.invoke('photo.import', { photoId: photo.photoId, faceIndex: face, name: name.trim() || undefined });
      setAligned(r.aligned);
      setReconstruction(r.reconstruction);
      setNote(r.message ?? `Added “${r.person?.name}” as a founder. The aligned photo is kept in ${r.alignedPath}.`);
      if (r.person) onFounder(r.person);
      setStep('done');
    } catch (e) {
      setError((e as Error).message);
      setStep('ready');
    }
  };

  const busy = step === 'detecting' || step === 'aligning' || step === 'importing';
  const scale = photo ? Math.min(1, 320 / Math.max(photo.width, photo.height)) : 1;
  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-labelledby="import-photo-title" data-testid="import-photo-dialog">
      {/* Scrolls inside the window: photo, crops and buttons can exceed a laptop screen. */}
      <div className="modal wide" style={{ maxHeight: '92vh', overflowY: 'auto' }}>
        <h2 id="import-photo-title">Import a photo</h2>
        {!encoder && (
          <p className="hint" data-testid="photo-no-encoder">
            The model pack {packName ? `“${packName}”` : ''} has no encoder: faces are found and aligned, but cannot become founders. The aligned photo is kept on disk.
          </p>
        )}
        <div className="button-row">
          <label htmlFor="photo-file">Photo (JPEG, PNG, WebP, AVIF)</label>
          <input
            id="photo-file"
            data-testid="photo-file"
            type="file"
            accept="image/jpeg,image/png,image/webp,image/avif,image/heic,image/heif,image/tiff"
            disabled={busy}
            onChange={(e) => void choose(e.target.files?.[0])}
          />
        </div>
        {step === 'detecting' && <p className="muted" data-testid="photo-busy">Finding faces…</p>}
        {error && (
          <p className="hint error" role="alert" data-testid="photo-error">
            {error}
          </p>
        )}
        {photo && (
          <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start', flexWrap: 'wrap' }}>
            <div style={{ position: 'relative', width: photo.width * scale, height: photo.height * scale }} data-testid="photo-preview">
              <img src={photo.preview} alt={photo.fileName} style={{ width: '100%', height: '100%', display: 'block' }} />
              <svg width={photo.width * scale} height={photo.height * scale} style={{ position: 'absolute', inset: 0 }} aria-hidden>
                {photo.faces.map((f) => (
                  <rect
                    key={f.index}
                    x={f.box.x * scale}
                    y={f.box.y * scale}
                    width={f.box.width * scale}
                    height={f.box.height * scale}
                    fill="none"
                    stroke={f.index === face ? '#4ade80' : f.problem ? '#f87171' : '#facc15'}
                    strokeWidth={2}
                  />
                ))}
              </svg>
            </div>
            {photo.faces.length > 1 && (
              <div>
                <p className="muted small">{photo.faces.length} faces: choose one</p>
                <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, maxWidth: 280 }}>
                  {photo.faces.map((f) => (
                    <button
                      key={f.index}
                      type="button"
                      data-testid={`photo-face-${f.index}`}
                      aria-pressed={f.index === face}
                      disabled={busy || !!f.problem}
                      title={f.problem ?? `Face ${f.index + 1}`}
                      onClick={() => void align(photo, f.index)}
                      style={{ padding: 2, outline: f.index === face ? '2px solid #4ade80' : undefined }}
                    >
                      <img src={f.preview} alt={`Face ${f.index + 1}`} width={64} height={64} />
                    </button>
                  ))}
                </div>
              </div>
            )}
          </div>
        )}
        {step === 'aligning' && <p className="muted">Aligning the face…</p>}
        {aligned && (
          <div style={{ display: 'flex', gap: 16, marginTop: 12 }}>
            <figure style={{ margin: 0 }}>
              <img src={aligned} alt="Aligned face" width={256} height={256} data-testid="photo-aligned" />
              <figcaption className="muted small">Aligned (FFHQ crop)</figcaption>
            </figure>
            {reconstruction && (
              <figure style={{ margin: 0 }}>
                <img src={reconstruction} alt="Reconstruction" width={256} height={256} data-testid="photo-reconstruction" />
                <figcaption className="muted small">Reconstruction by “{packName}”</figcaption>
              </figure>
            )}
          </div>
        )}
        {step === 'importing' && <p className="muted">Inverting into the model’s latent space…</p>}
        {note && (
          <p className="hint" data-testid="photo-message">
            {note}
          </p>
        )}
        <footer className="button-row">
          {aligned && step !== 'done' && (
            <>
              <label htmlFor="photo-name">Name</label>
              <input id="photo-name" data-testid="photo-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
            </>
          )}
          <span className="toolbar-spacer" />
          {aligned && step !== 'done' && (
            <button type="button" className="primary" data-testid="photo-import" disabled={busy} onClick={() => void runImport()}>
              {encoder ? 'Import as founder' : 'Keep aligned photo'}
            </button>
          )}
          <button type="button" data-testid="photo-close" onClick={onClose}>
            {step === 'done' ? 'Done' : 'Cancel'}
          </button>
        </footer>
      </div>
    </div>
  );
}
