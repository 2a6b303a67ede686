/** Short human labels for persons and settings. */
import type { PersonDto } from '../../shared/dto';

export function attributesLabel(p: PersonDto): string {
  const a = p.attributes;
  if (!a) return p.origin.kind === 'photo' ? 'photo' : 'unlabelled';
  return `${a.ageGroup} · ${a.gender}`;
}

export function originLabel(p: PersonDto): string {
  const o = p.origin;
  if (o.kind === 'founder') return `Random founder · seed ${o.seed}${o.candidate ? ` (candidate ${o.candidate})` : ''}`;
  if (o.kind === 'child') return `Child #${o.index + 1} · seed ${o.seed}`;
  // Pool founders and kept transplants are stored as imported latents; their source says which.
  if (o.source.startsWith('gene pool entry')) return `From the ${o.source}`;
  // The source keeps the persons' ids (names can change); the label shows the names.
  if (o.source.startsWith('transplant:')) return `Region transplant: ${o.source.slice('transplant:'.length).replace(/ \([a-z0-9]+\)/g, '').trim()}`;
  return `From photo ${o.source}`;
}

export const RACE_LABELS: Record<string, string> = {
  White: 'White',
  Black: 'Black',
  Latino_Hispanic: 'Latino / Hispanic',
  'East Asian': 'East Asian',
  'Southeast Asian': 'Southeast Asian',
  Indian: 'Indian',
  'Middle Eastern': 'Middle Eastern',
};
