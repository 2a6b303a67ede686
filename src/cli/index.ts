/**
 * `npm run cli -- <command>`: batch work on the same service layer as the app.
 * Each command lives in src/cli/commands/ and calls the service through the
 * validated router, exactly like the UI does.
 */
import { Command } from 'commander';
import { StudioService } from '../core/studio-service';
import { call, createHandlers } from '../core/api-router';

const program = new Command();
program.name('kinship').description('Kinship Studio command line').showHelpAfterError();

async function withService<T>(lazyPack: boolean, fn: (s: StudioService) => Promise<T>): Promise<T> {
  const service = await StudioService.create({ host: 'cli', lazyPack });
  try {
    return await fn(service);
  } finally {
    await service.dispose();
  }
}

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

program
  .command('packs')
  .description('list model packs and their problems')
  .action(async () => {
    await withService(true, async (s) => {
      for (const p of await call(createHandlers(s), 'packs.list', {})) {
        console.log(p.status === 'ready' ? `${p.id}\t${p.name} ${p.version}\t${p.folder}` : `ERROR\t${p.error}`);
      }
    });
  });

program.parseAsync().catch((e: Error) => {
  console.error(`error: ${e.message}`);
  process.exit(1);
});
