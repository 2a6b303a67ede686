/** `import-photo`: detect faces in a photo, FFHQ-align one, invert it with the active pack's encoder. */
import type { Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { PhotoSession, faceApiDetector, encoderInput } from '../../core/faces';
import { renderFaces } from '../../core/studio/images';
import { encodeLatent, writePersonFile } from '../../core/persons/person-file';
import { intOption, withService } from '../cli-context';
import { InputError } from '../../domain/errors';

export function registerImport(program: Command): void {
  program
    .command('import-photo')
    .description('find the faces in a photo, align one as FFHQ does and invert it into the active pack (needs an encoder)')
    .requiredOption('--image <file>', 'JPEG, PNG, WebP, AVIF/HEIF or TIFF photo')
    .option('--face <n>', 'which face, 1 = largest (faces are listed first)', intOption('face', 1, 999), 1)
    .option('--aligned-out <file.png>', 'write the 1024×1024 aligned crop')
    .option('--out <file.png>', 'write the reconstruction (generator output)')
    .option('--name <name>', 'name to store with the person')
    .option('--save <file.json>', 'write the person (latent and origin) as JSON, for `breed --father`')
    .action(async (o: { image: string; face: number; alignedOut?: string; out?: string; name?: string; save?: string }) => {
      const photos = new PhotoSession(faceApiDetector());
      const fileName = basename(o.image);
      const d = await photos.detect(readFileSync(o.image), fileName);
      console.log(`${fileName}: ${d.width}×${d.height} ${d.format}, ${d.faces.length} face(s)`);
      for (const f of d.faces) {
        const b = f.box;
        console.log(`  face ${f.index + 1}: ${Math.round(b.width)}×${Math.round(b.height)} at (${Math.round(b.x)}, ${Math.round(b.y)}), score ${f.score.toFixed(2)}${f.problem ? ` — ${f.problem}` : ''}`);
      }
      const { aligned, png } = await photos.align(d.photoId, o.face - 1);
      if (o.alignedOut) {
        writeFileSync(o.alignedOut, png);
        console.log(`wrote ${o.alignedOut}`);
      }
      if (!o.out && !o.save) {
        console.log('stopped after alignment: give --out and/or --save to invert the face with the active pack\'s encoder');
        return;
      }
      // The active pack is opened (not lazily): inversion needs its encoder and generator.
      await withService(false, async (service) => {
        const runtime = service.runtime();
        if (!runtime.has('encoder')) throw new InputError(`stopped after alignment: the model pack '${runtime.pack.manifest.name}' has no encoder, so the photo cannot be inverted (use --aligned-out to keep the aligned crop)`);
        const wplus = await runtime.encoder(await encoderInput(aligned.image, 256));
        if (o.out) {
          const [face] = await renderFaces(runtime, wplus);
          writeFileSync(o.out, face!.image);
          console.log(`wrote ${o.out}`);
        }
        if (o.save) {
          writePersonFile(o.save, {
            format: 'kinship-person',
            version: 1,
            id: `photo-${basename(fileName, extname(fileName))}-${o.face}`,
            name: o.name ?? basename(fileName, extname(fileName)),
            packId: runtime.id,
            origin: { kind: 'photo', source: fileName },
            attributes: null,
            wplus: encodeLatent(wplus),
          });
          console.log(`wrote ${o.save}`);
        }
      });
    });
}
