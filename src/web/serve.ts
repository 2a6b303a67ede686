/** `npm run serve`: the studio in any Chromium, through the web host on 127.0.0.1. */
import { join } from 'node:path';
import { StudioService } from '../core/studio-service';
import { createHandlers } from '../core/api-router';
import { findAppRoot } from '../core/paths';
import { startWebHost } from './web-host';

async function main(): Promise<void> {
  const portArg = process.argv.find((a) => a.startsWith('--port='));
  const port = portArg ? Number(portArg.slice('--port='.length)) : Number(process.env.KINSHIP_PORT ?? 0);
  const service = await StudioService.create({ host: 'web' });
  const host = await startWebHost({
    handlers: createHandlers(service),
    events: service.events,
    // KINSHIP_RENDERER_DIR: the test build's renderer (out-test/renderer) for e2e tests and benchmarks.
    staticDir: process.env.KINSHIP_RENDERER_DIR ?? join(findAppRoot(), 'out', 'renderer'),
    port: Number.isFinite(port) ? port : 0,
    token: process.env.KINSHIP_TOKEN,
  });
  const status = service.status();
  console.log(`Kinship Studio web host ${status.appVersion}`);
  console.log(`  model pack: ${status.activePack ? `${status.activePack.name} (${status.executionProvider})` : 'none'}`);
  for (const m of status.missing) console.log(`  note: ${m.message}`);
  console.log(`  open: ${host.url}`);
  const stop = async (): Promise<void> => {
    await host.close();
    await service.dispose();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((e: Error) => {
  console.error(`Kinship Studio could not start: ${e.message}`);
  process.exit(1);
});
