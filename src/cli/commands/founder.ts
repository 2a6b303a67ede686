/** `founder`: one random person from the active pack's mapping network. */
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { AGE_GROUPS, GENDERS, type AgeGroup, type Gender } from '../../core/genes/regions';
import { createFounders } from '../../core/breeding/founders';
import { tensorToPng } from '../../core/breeding/image-encode';
import { encodeLatent, writePersonFile } from '../../core/persons/person-file';
import { intOption, numberOption, withService } from '../cli-context';
import { InputError } from '../../domain/errors';

export function registerFounder(program: Command): void {
  program
    .command('founder')
    .description('make a random founder from a seed (optionally of an age group and gender)')
    .requiredOption('--seed <n>', 'seed (0..4294967295)', intOption('seed', 0, 0xffffffff))
    .option('--age <group>', `age group: ${AGE_GROUPS.join(', ')}`)
    .option('--gender <g>', `gender: ${GENDERS.join(', ')}`)
    .option('--psi <ψ>', 'truncation ψ (0..1.5)', numberOption('psi'), 0.7)
    .option('--name <name>', 'name to store with the person')
    .option('--out <file.png>', 'write the face as PNG')
    .option('--save <file.json>', 'write the person (latent and origin) as JSON, for `breed --father`')
    .action(async (o: { seed: number; age?: string; gender?: string; psi: number; name?: string; out?: string; save?: string }) => {
      if (o.age && !(AGE_GROUPS as readonly string[]).includes(o.age)) throw new InputError(`--age must be one of ${AGE_GROUPS.join(', ')}`);
      if (o.gender && !(GENDERS as readonly string[]).includes(o.gender)) throw new InputError(`--gender must be one of ${GENDERS.join(', ')}`);
      if (o.psi < 0 || o.psi > 1.5) throw new InputError(`--psi must be between 0 and 1.5`);
      if (!o.out && !o.save) throw new InputError('nothing to write: give --out and/or --save');
      await withService(false, async (service) => {
        const runtime = service.runtime();
        const [f] = await createFounders(runtime, [{ seed: o.seed, ageGroup: o.age as AgeGroup | undefined, gender: o.gender as Gender | undefined, psi: o.psi }]);
        const founder = f!;
        const attrs = founder.attributes;
        console.log(`founder seed ${o.seed} (candidate ${founder.candidate})${attrs ? `: ${attrs.ageGroup}, ${attrs.gender}, ${attrs.race}` : ''}`);
        if (o.out) {
          const { image } = await runtime.generator(founder.wplus);
          writeFileSync(o.out, await tensorToPng(image, 0, runtime.resolution));
          console.log(`wrote ${o.out}`);
        }
        if (o.save) {
          writePersonFile(o.save, {
            format: 'kinship-person',
            version: 1,
            id: `founder-${o.seed}-${founder.candidate}`,
            name: o.name ?? `Founder ${o.seed}`,
            packId: runtime.id,
            origin: { kind: 'founder', seed: o.seed, candidate: founder.candidate, psi: founder.psi },
            attributes: attrs,
            wplus: encodeLatent(founder.wplus),
          });
          console.log(`wrote ${o.save}`);
        }
      });
    });
}
