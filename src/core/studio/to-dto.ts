/** Project records → API DTOs (one place, so every host sends the same shapes). */
import { basename } from 'node:path';
import type { ProjectStore, PersonSummary, UnionRecord } from '../projects';
import type { PersonDto, ProjectDto, RegionReportDto, SettingsDto, UnionDto } from '../../shared/dto';
import type { BreedSettings } from '../genes/settings';
import type { RegionReport } from '../genes/crossover';

export function settingsDto(s: BreedSettings): SettingsDto {
  const overrides: SettingsDto['overrides'] = {};
  for (const [k, v] of Object.entries(s.overrides)) if (v) overrides[k] = v;
  return { gamma: s.gamma, eta: s.eta, fusionLayer: s.fusionLayer, temperature: s.temperature, overrides, ...(s.age ? { age: s.age } : {}) };
}

export function personDto(p: PersonSummary): PersonDto {
  const o = p.origin;
  return {
    id: p.id,
    name: p.name,
    origin:
      o.kind === 'child'
        ? { kind: 'child', fatherId: o.fatherId, motherId: o.motherId, unionId: o.unionId, seed: o.seed, index: o.index, settings: settingsDto(o.settings), target: o.target, batchId: o.batchId }
        : o,
    attributes: p.attributes,
    attributesSource: p.attributesSource,
    position: p.position,
    createdAt: p.createdAt,
    faceKey: p.faceKey,
  };
}

export function unionDto(u: UnionRecord): UnionDto {
  return { id: u.id, fatherId: u.fatherId, motherId: u.motherId };
}

export function projectDto(store: ProjectStore): ProjectDto {
  const h = store.historyState();
  const meta = store.meta();
  return {
    path: store.path,
    fileName: basename(store.path),
    name: meta.name,
    packId: meta.packId,
    canUndo: h.canUndo,
    canRedo: h.canRedo,
    undoLabel: h.undoLabel,
    redoLabel: h.redoLabel,
  };
}

export function regionsDto(regions: readonly RegionReport[]): RegionReportDto[] {
  return regions.map((r) => ({
    region: r.region,
    name: r.name,
    mode: r.mode,
    ...('alpha' in r ? { alpha: r.alpha } : {}),
    ...('beta' in r ? { beta: r.beta } : {}),
    ...('donorId' in r ? { donorId: r.donorId } : {}),
  }));
}

export function pngDataUrl(png: Buffer | Uint8Array): string {
  return `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
}
