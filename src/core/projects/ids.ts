/** Short random ids: a type letter and 12 base32 characters (60 bits; collisions are checked by UNIQUE anyway). */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export function newId(prefix: 'p' | 'u' | 'b'): string {
  const bytes = randomBytes(12);
  let s = prefix;
  for (const b of bytes) s += ALPHABET[b & 31];
  return s;
}
