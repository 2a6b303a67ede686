/**
 * The open project's tree as the renderer sees it: fetched on start and after
 * every 'tree-changed' event, with a thumbnail cache that only asks for images
 * it does not have yet.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { StudioClient } from '../api/client';
import type { TreeDto } from '../../../shared/dto';

export function useTree(client: StudioClient, connected: boolean) {
  const [tree, setTree] = useState<TreeDto | null>(null);
  const [thumbs, setThumbs] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const thumbsRef = useRef(thumbs);
  thumbsRef.current = thumbs;
  const seq = useRef(0);

  const refresh = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const t = await client.invoke('tree.get', {});
      if (mine !== seq.current) return; // a newer refresh is under way
      setTree(t);
      setError(null);
      const missing = t.persons.map((p) => p.id).filter((id) => !thumbsRef.current[id]);
      for (let i = 0; i < missing.length; i += 200) {
        const got = await client.invoke('persons.images', { ids: missing.slice(i, i + 200), size: 'thumb' });
        setThumbs((prev) => ({ ...prev, ...got }));
      }
    } catch (e) {
      setError((e as Error).message);
    }
  }, [client]);

  useEffect(() => {
    if (connected) void refresh();
  }, [connected, refresh]);

  useEffect(
    () =>
      client.subscribe((e) => {
        if (e.type === 'tree-changed') void refresh();
      }),
    [client, refresh],
  );

  return { tree, thumbs, refresh, error };
}
