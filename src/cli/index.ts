/**
 * `npm run cli -- <command>`: batch work on the same service layer as the app.
 * One file per command in src/cli/commands/.
 */
import { Command } from 'commander';
import { KinshipError, isUserMistake } from '../domain/errors';
import { registerStatus } from './commands/status';
import { registerFounder } from './commands/founder';
import { registerBreed } from './commands/breed';
import { registerPool } from './commands/pool';
import { registerImport } from './commands/import';
import { registerGrowUp } from './commands/grow-up';

const program = new Command();
program.name('kinship').description('Kinship Studio command line').showHelpAfterError();
registerStatus(program);
registerFounder(program);
registerBreed(program);
registerPool(program);
registerImport(program);
registerGrowUp(program);

// User mistakes (docs/ARCHITECTURE.md, "Error codes") exit with 2 and read as the user's to
// fix; anything else is an internal error (exit 1) worth a report.
program.parseAsync().catch((e: unknown) => {
  // A path the user typed that does not exist is their mistake, not ours.
  const missingFile = e instanceof Error && (e as NodeJS.ErrnoException).code === 'ENOENT';
  const code = e instanceof KinshipError ? e.code : missingFile ? 'not-found' : 'internal';
  const message = e instanceof Error ? e.message : String(e);
  if (code === 'cancelled') {
    console.error('cancelled');
    process.exit(130);
  }
  if (isUserMistake(code)) {
    console.error(`error: ${message}`);
    process.exit(2);
  }
  console.error(`internal error: ${message}`);
  process.exit(1);
});
