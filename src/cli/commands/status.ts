/** `status` and `packs`: what the studio has to work with. */
import type { Command } from 'commander';
import { call, createHandlers } from '../../core/api-router';
import { withService } from '../cli-context';
import { registerPacksInstall } from './packs-install';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('show the active model pack, execution provider and missing parts')
    .action(async () => {
      await withService(false, async (s) => {
        const st = await call(createHandlers(s), 'studio.status', {});
        console.log(`Kinship Studio ${st.appVersion}`);
        console.log(`model pack:         ${st.activePack ? `${st.activePack.name} ${st.activePack.version} (${st.activePack.folder})` : 'none'}`);
        console.log(`execution provider: ${st.executionProvider ?? '—'}`);
        for (const m of st.missing) console.log(`missing ${m.part}: ${m.message}`);
      });
    });

  const packs = program.command('packs').description('model packs: list them, install StyleGene');
  registerPacksInstall(packs);
  packs
    .command('list', { isDefault: true })
    .description('list model packs and their problems')
    .action(async () => {
      await withService(true, async (s) => {
        for (const p of await call(createHandlers(s), 'packs.list', {})) {
          console.log(p.status === 'ready' ? `${p.id}\t${p.name} ${p.version}\t${p.folder}` : `ERROR\t${p.error}`);
        }
      });
    });
}
