/** Before any spec: the pages come from the test build (out-test/), which has the test hooks. */
import { requireTestBuild } from './web-host-process';

export default function globalSetup(): void {
  requireTestBuild();
}
