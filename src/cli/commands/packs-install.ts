/**
 * `packs install stylegene --from DIR | --download [--accept-license]`: the real StyleGene
 * model in one step, without Python. Shows the weights' licence terms before anything is
 * downloaded, prints progress, stops cleanly on Ctrl-C (downloads resume on the next run;
 * no half-written pack is left) and activates the pack when it is installed.
 */
import type { Command } from 'commander';
import { installStyleGene, stylegeneLicense, type InstallProgress } from '../../core/stylegene/install';
import { cancelOnSigint, withService } from '../cli-context';
import { InputError } from '../../domain/errors';
import { importCheckedGeneFile } from '../../core/studio/actions/import-genes';

function progressLine(): (p: InstallProgress) => void {
  let last = '';
  return (p) => {
    const line = `${(p.fraction * 100).toFixed(0).padStart(3)}% ${p.message}`;
    if (line === last) return;
    last = line;
    if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${line}${p.phase === 'done' ? '\n' : ''}`);
  };
}

export function registerPacksInstall(packs: Command): void {
  packs
    .command('install')
    .argument('<name>', "the pack to install: 'stylegene'")
    .description('install the StyleGene model pack from the authors’ checkpoint files (a folder, or downloaded from Hugging Face)')
    .option(
      '--from <dir>',
      'folder with stylegan2-ffhq-config-f.pt, stylegene_N18.ckpt and optionally e4e_ffhq_encode.pt, res34_fair_align_multi_7_20190809.pt, geneFactorPool.pkl (the authors’ gene pool: imported in place, so leave it there)',
    )
    .option('--download', 'download the files from the authors’ Hugging Face repository (wmpscc/StyleGene_CKPT); resumes an interrupted download')
    .option('--url <base>', 'download from this base URL instead (a mirror)')
    .option('--accept-license', 'accept the weights’ licence terms (printed by --download without it)')
    .option('--required-only', 'skip the optional files (e4e encoder for photo import, FairFace for attribute labels)')
    .option('--fp16', 'also write a float16 variant of every graph (fp16/), which the CUDA provider uses when present')
    .option('--no-activate', 'do not make it the active pack')
    .action(async (name: string, o: { from?: string; download?: boolean; url?: string; acceptLicense?: boolean; requiredOnly?: boolean; fp16?: boolean; activate: boolean }) => {
      if (name !== 'stylegene') throw new InputError(`unknown pack '${name}': the installable pack is 'stylegene'`);
      if (!!o.from === !!(o.download || o.url)) throw new InputError('give either --from <dir> or --download');
      if (!o.from) {
        console.log(`Licence terms of the StyleGene weights:\n  ${stylegeneLicense()}\n`);
        if (!o.acceptLicense) {
          console.log('Rerun with --accept-license to accept these terms and download (about 3 GB; the gene pool file is not downloaded).');
          process.exitCode = 2;
          return;
        }
      }
      await withService(true, async (s) => {
        const controller = cancelOnSigint();
        const r = await installStyleGene({
          dataDir: s.dataDir,
          from: o.from,
          downloadBase: o.url,
          optional: !o.requiredOnly,
          fp16: o.fp16 === true,
          signal: controller.signal,
          onProgress: progressLine(),
          onLog: (line) => {
            if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
            console.log(line);
          },
        }).catch((e: Error) => {
          if (controller.signal.aborted) {
            console.log('cancelled: no pack was written; downloaded parts are kept and the next run resumes them');
            process.exitCode = 130;
            return null;
          }
          throw e;
        });
        if (!r) return;
        console.log(`installed '${r.manifest.name}' in ${r.packDir} (${r.seconds.toFixed(1)} s)`);
        s.rescanPacks();
        if (o.activate) {
          await s.activatePack(r.manifest.id);
          console.log(`active pack: ${r.manifest.id}`);
          if (r.genePool) {
            const g = await importCheckedGeneFile(s.pools, s.runtime(), r.genePool);
            console.log(`gene pool: ${g.entries} gene-only entries from ${g.file} (read in place; keep the file there), ${g.added} new; the pool has ${g.total} entries`);
          }
        } else if (r.genePool) {
          console.log(`gene pool not imported (--no-activate): run 'pool import-genes ${r.genePool.file}' with the StyleGene pack active`);
        }
      });
    });
}
