/** FairFace-layout logits (race 7, gender 2, age 9) to labels. */
import { AGE_GROUPS, GENDERS, RACES, type AgeGroup, type Gender, type Race } from '../genes/regions';

export interface Attributes {
  ageGroup: AgeGroup;
  gender: Gender;
  race: Race;
}

function argmax(a: Float32Array, from: number, count: number): number {
  let best = 0;
  for (let i = 1; i < count; i++) if (a[from + i]! > a[from + best]!) best = i;
  return best;
}

export function decodeAttributes(logits: Float32Array, index = 0): Attributes {
  const o = index * 18;
  return {
    race: RACES[argmax(logits, o, 7)]!,
    gender: GENDERS[argmax(logits, o + 7, 2)]!,
    ageGroup: AGE_GROUPS[argmax(logits, o + 9, 9)]!,
  };
}
