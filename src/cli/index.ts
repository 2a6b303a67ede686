/**
 * `npm run cli -- <command>`: batch work on the same service layer as the app.
 * One file per command in src/cli/commands/.
 */
import { Command } from 'commander';
import { registerStatus } from './commands/status';
import { registerFounder } from './commands/founder';
import { registerBreed } from './commands/breed';
import { registerPool } from './commands/pool';
import { registerImport } from './commands/import';

const program = new Command();
program.name('kinship').description('Kinship Studio command line').showHelpAfterError();
registerStatus(program);
registerFounder(program);
registerBreed(program);
registerPool(program);
registerImport(program);

program.parseAsync().catch((e: Error) => {
  console.error(`error: ${e.message}`);
  process.exit(1);
});
