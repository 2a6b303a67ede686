import { useCallback, useEffect, useRef, useState } from 'react';
import type { MenuCommand, PackSummary, StudioStatus } from '../../shared/api';
import type { ConnectionState, StudioClient } from './api/client';
import { TreeCanvas, type TreeCanvasHandle } from './canvas/TreeCanvas';
import type { CardNode } from './canvas/tree-model';
import type { Point } from './canvas/tree-layout';
import { StatusBar } from './panels/StatusBar';
import { PackSection } from './panels/PackSection';
import { Toolbar } from './panels/Toolbar';

export function App({ client }: { client: StudioClient }) {
  const [status, setStatus] = useState<StudioStatus | null>(null);
  const [packs, setPacks] = useState<PackSummary[]>([]);
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const [message, setMessage] = useState<string | null>(null);
  const [selectedIds, setSelectedIds] = useState<string[]>([]);
  const [nodes] = useState<CardNode[]>([]);
  const [connectors] = useState<Point[][]>([]);
  const canvas = useRef<TreeCanvasHandle>(null);

  const refresh = useCallback(async () => {
    try {
      const [s, p] = await Promise.all([client.invoke('studio.status', {}), client.invoke('packs.list', {})]);
      setStatus(s);
      setPacks(p);
    } catch (e) {
      setMessage((e as Error).message);
    }
  }, [client]);

  const runMenu = useCallback((command: MenuCommand) => {
    switch (command) {
      case 'fit-view':
        canvas.current?.fit();
        break;
      case 'zoom-in':
        canvas.current?.zoomBy(1.25);
        break;
      case 'zoom-out':
        canvas.current?.zoomBy(0.8);
        break;
      case 'about':
        setMessage('Kinship Studio — kinship face synthesis after StyleGene (CVPR 2023).');
        break;
      default:
        setMessage('Projects arrive with the family-tree studio (not in this build yet).');
    }
  }, []);

  useEffect(() => client.onConnection((s) => {
    setConnection(s);
    if (s === 'open') void refresh();
  }), [client, refresh]);

  useEffect(
    () =>
      client.subscribe((event) => {
        if (event.type === 'status') {
          setStatus(event.status);
          void client.invoke('packs.list', {}).then(setPacks);
        } else if (event.type === 'menu') runMenu(event.command);
      }),
    [client, runMenu],
  );

  const activate = async (packId: string): Promise<void> => {
    try {
      setMessage('Loading model pack…');
      setStatus(await client.invoke('packs.activate', { packId }));
      setMessage(null);
    } catch (e) {
      setMessage((e as Error).message);
    }
    setPacks(await client.invoke('packs.list', {}));
  };

  return (
    <div className="app">
      <Toolbar showMenus={client.kind === 'web'} onCommand={runMenu} />
      <main className="workspace">
        <TreeCanvas ref={canvas} nodes={nodes} connectors={connectors} selectedIds={selectedIds} onSelect={(id) => setSelectedIds(id ? [id] : [])} />
        <aside className="side-panel" data-testid="side-panel" aria-label="Side panel">
          <section className="panel-section">
            <h3>Selection</h3>
            <p className="muted">{selectedIds.length ? `Selected: ${selectedIds.join(', ')}` : 'Nothing selected. Click a person on the canvas.'}</p>
          </section>
          <PackSection packs={packs} activeId={status?.activePack?.id ?? null} onActivate={(id) => void activate(id)} />
        </aside>
      </main>
      <StatusBar status={status} connection={connection} host={client.kind} message={message} />
    </div>
  );
}
