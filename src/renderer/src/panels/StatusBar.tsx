import type { StudioStatus } from '../../../shared/api';
import type { ConnectionState } from '../api/client';

const EP_LABEL: Record<string, string> = { cuda: 'CUDA', dml: 'DirectML', coreml: 'CoreML', webgpu: 'WebGPU', cpu: 'CPU' };

export function StatusBar({
  status,
  connection,
  host,
  message,
}: {
  status: StudioStatus | null;
  connection: ConnectionState;
  host: 'electron' | 'web';
  message: string | null;
}) {
  const pack = status?.activePack;
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className={`status-dot status-${connection}`} title={`Connection: ${connection}`} />
      <span data-testid="status-pack">
        Model pack: <strong>{pack ? `${pack.name} ${pack.version}` : 'none'}</strong>
      </span>
      <span data-testid="status-ep">
        Execution provider: <strong>{status?.executionProvider ? EP_LABEL[status.executionProvider] : '—'}</strong>
      </span>
      <span className="status-host">{host === 'electron' ? 'Desktop' : 'Web host'}</span>
      {message && <span className="status-message">{message}</span>}
      <span className="status-spacer" />
      {status && status.missing.length > 0 && (
        <span className="status-warning" title={status.missing.map((m) => m.message).join('\n\n')} data-testid="status-missing">
          ⚠ {status.missing.length} note{status.missing.length > 1 ? 's' : ''}
        </span>
      )}
      {status && <span className="status-version">v{status.appVersion}</span>}
    </footer>
  );
}
