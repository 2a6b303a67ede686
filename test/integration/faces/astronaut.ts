/**
 * The public-domain astronaut photograph (Eileen Collins, NASA) from Debian's
 * python3-skimage data (`apt-get install -y python3-skimage`). Tests skip with a
 * printed reason where it is absent.
 */
import { existsSync } from 'node:fs';

export const ASTRONAUT = '/usr/lib/python3/dist-packages/skimage/data/astronaut.png';

export function astronautOrSkip(): string | null {
  if (existsSync(ASTRONAUT)) return ASTRONAUT;
  console.warn(`skipping: ${ASTRONAUT} is absent (apt-get install -y python3-skimage)`);
  return null;
}
