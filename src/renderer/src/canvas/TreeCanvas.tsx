/** The full-window tree canvas: pan by drag, zoom by wheel around the cursor, fit to view. */
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import { TreeRenderer } from './tree-renderer';
import { boundsOf, cardsInView, type CardNode } from './tree-model';
import type { Point } from './tree-layout';
import { fitView, panBy, screenToWorld, worldToScreen, zoomAt, type View } from './view-transform';

export interface TreeCanvasHandle {
  fit(): void;
  zoomBy(factor: number): void;
  /** Current view (for tests and the status bar). */
  view(): View;
}

interface Props {
  nodes: readonly CardNode[];
  connectors: readonly Point[][];
  /** Selected persons in click order (a breeding pair is two). */
  selectedIds: readonly string[];
  /** `additive`: Shift/Ctrl/Cmd held, to pick a second person. */
  onSelect(id: string | null, additive: boolean): void;
  /** A card dragged to a new world position. */
  onMoveCard?(id: string, x: number, y: number): void;
  /** The on-screen cards, nearest the centre first, after the view or the tree changed (at most once a frame). */
  onVisibleCards?(ids: string[]): void;
}

export const TreeCanvas = forwardRef<TreeCanvasHandle, Props>(function TreeCanvas(
  { nodes, connectors, selectedIds, onSelect, onMoveCard, onVisibleCards },
  ref,
) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const rendererRef = useRef<TreeRenderer | null>(null);
  const viewRef = useRef<View>({ centerX: 0, centerY: 0, zoom: 1 });
  const sizeRef = useRef({ width: 1, height: 1 });
  const nodesRef = useRef(nodes);
  nodesRef.current = nodes;
  // Latest callbacks without re-binding the pointer listeners.
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const onMoveCardRef = useRef(onMoveCard);
  onMoveCardRef.current = onMoveCard;
  const onVisibleRef = useRef(onVisibleCards);
  onVisibleRef.current = onVisibleCards;

  const visibleQueued = useRef(false);
  const reportVisible = (): void => {
    if (visibleQueued.current || !onVisibleRef.current) return;
    visibleQueued.current = true;
    queueMicrotask(() => {
      visibleQueued.current = false;
      const { width, height } = sizeRef.current;
      const v = viewRef.current;
      const [x0, y0] = screenToWorld(v, width, height, 0, 0);
      const [x1, y1] = screenToWorld(v, width, height, width, height);
      onVisibleRef.current?.(cardsInView(nodesRef.current, x0, y0, x1, y1));
    });
  };

  const applyView = (v: View): void => {
    viewRef.current = v;
    rendererRef.current?.setView(v);
    reportVisible();
  };
  const fit = (): void => {
    const { width, height } = sizeRef.current;
    applyView(fitView(boundsOf(nodesRef.current), width, height));
  };

  useImperativeHandle(ref, () => ({
    fit,
    zoomBy(factor) {
      const { width, height } = sizeRef.current;
      applyView(zoomAt(viewRef.current, width, height, width / 2, height / 2, factor));
    },
    view: () => viewRef.current,
  }));

  useEffect(() => {
    const canvas = canvasRef.current!;
    const renderer = new TreeRenderer(canvas);
    rendererRef.current = renderer;
    const resize = (): void => {
      const rect = canvas.getBoundingClientRect();
      sizeRef.current = { width: rect.width, height: rect.height };
      renderer.setSize(rect.width, rect.height);
      renderer.setView(viewRef.current);
      reportVisible();
    };
    const observer = new ResizeObserver(resize);
    observer.observe(canvas);
    resize();
    // For the canvas benchmark (tools/bench-canvas.ts) and the e2e suite: in the test build only.
    if (__KINSHIP_TEST_HOOKS__) {
      (window as unknown as { __kinshipCanvas?: unknown }).__kinshipCanvas = {
        frames: () => renderer.frames,
        drawMs: () => renderer.drawMs,
        /** What the last frame showed (cards, faces, on-screen ones) and when. */
        lastDraw: () => renderer.lastDraw,
        /** Starts (true) or stops logging each frame's time with gl.finish; returns the log so far. */
        measureFrames: (on: boolean) => {
          const log = renderer.frameLog ?? [];
          renderer.frameLog = on ? [] : null;
          return log;
        },
        view: () => ({ ...viewRef.current }),
        /** Page coordinates of a card's centre (for end-to-end tests). */
        cardCenter: (id: string) => {
          const n = nodesRef.current.find((x) => x.id === id);
          if (!n) return null;
          const r = canvas.getBoundingClientRect();
          const [sx, sy] = worldToScreen(viewRef.current, r.width, r.height, n.x, n.y);
          return { x: r.left + sx, y: r.top + sy };
        },
        cards: () => nodesRef.current.map((n) => ({ id: n.id, title: n.title, subtitle: n.subtitle, hasImage: !!n.imageUrl })),
        panBy: (dx: number, dy: number) => applyView(panBy(viewRef.current, dx, dy)),
      };
    }
    return () => {
      observer.disconnect();
      renderer.dispose();
      rendererRef.current = null;
    };
  }, []);

  // Where the pointer is over the canvas (null when it is elsewhere), so the hover
  // outline follows the pointer and never stays on a card the pointer has left.
  const pointerRef = useRef<{ x: number; y: number } | null>(null);
  const hadNodes = useRef(false);
  useEffect(() => {
    const renderer = rendererRef.current;
    renderer?.setTree(nodes, connectors);
    // The cards may have moved under a resting pointer: hover what is under it now.
    const p = pointerRef.current;
    if (renderer) renderer.setHover(p ? renderer.hitTest(...screenToWorld(viewRef.current, sizeRef.current.width, sizeRef.current.height, p.x, p.y)) : null);
    // Fit when the first persons appear; later changes keep the user's view.
    if (!hadNodes.current && nodes.length > 0) fit();
    hadNodes.current = nodes.length > 0;
    reportVisible();
  }, [nodes, connectors]);

  useEffect(() => {
    rendererRef.current?.setSelection(selectedIds);
  }, [selectedIds, nodes]);

  // Pointer handling: drag on the background pans, drag on a card moves it,
  // a click without movement selects (Shift/Ctrl/Cmd adds to the selection).
  useEffect(() => {
    const canvas = canvasRef.current!;
    type Drag = { x: number; y: number; moved: boolean; pointerId: number; cardId: string | null; additive: boolean; grab: [number, number] };
    let drag: Drag | null = null;
    const local = (e: PointerEvent | WheelEvent): [number, number] => {
      const r = canvas.getBoundingClientRect();
      return [e.clientX - r.left, e.clientY - r.top];
    };
    const toWorld = (e: PointerEvent): [number, number] => {
      const [sx, sy] = local(e);
      const { width, height } = sizeRef.current;
      return screenToWorld(viewRef.current, width, height, sx, sy);
    };
    const hit = (e: PointerEvent): string | null => {
      const [wx, wy] = toWorld(e);
      return rendererRef.current?.hitTest(wx, wy) ?? null;
    };
    const onDown = (e: PointerEvent): void => {
      if (e.button !== 0 && e.button !== 1) return;
      canvas.setPointerCapture(e.pointerId);
      const cardId = e.button === 0 ? hit(e) : null;
      const node = cardId ? nodesRef.current.find((n) => n.id === cardId) : undefined;
      const [wx, wy] = toWorld(e);
      drag = {
        x: e.clientX,
        y: e.clientY,
        moved: false,
        pointerId: e.pointerId,
        cardId: onMoveCardRef.current ? cardId : null,
        additive: e.shiftKey || e.ctrlKey || e.metaKey,
        grab: node ? [wx - node.x, wy - node.y] : [0, 0],
      };
    };
    const onMove = (e: PointerEvent): void => {
      const [px, py] = local(e);
      pointerRef.current = { x: px, y: py };
      if (drag && drag.pointerId === e.pointerId) {
        const dx = e.clientX - drag.x;
        const dy = e.clientY - drag.y;
        if (!drag.moved && Math.hypot(dx, dy) < 4) return;
        drag.moved = true;
        drag.x = e.clientX;
        drag.y = e.clientY;
        if (drag.cardId) {
          const [wx, wy] = toWorld(e);
          rendererRef.current?.moveCard(drag.cardId, wx - drag.grab[0], wy - drag.grab[1]);
          canvas.style.cursor = 'move';
        } else {
          canvas.style.cursor = 'grabbing';
          applyView(panBy(viewRef.current, dx, dy));
        }
        return;
      }
      const id = hit(e);
      rendererRef.current?.setHover(id);
      canvas.style.cursor = id ? 'pointer' : 'grab';
    };
    const onUp = (e: PointerEvent): void => {
      if (!drag || drag.pointerId !== e.pointerId) return;
      if (!drag.moved) onSelectRef.current(hit(e), drag.additive);
      else if (drag.cardId) {
        const [wx, wy] = toWorld(e);
        onMoveCardRef.current?.(drag.cardId, Math.round(wx - drag.grab[0]), Math.round(wy - drag.grab[1]));
      }
      drag = null;
      canvas.style.cursor = 'grab';
    };
    const onLeave = (): void => {
      pointerRef.current = null;
      rendererRef.current?.setHover(null);
    };
    const onWheel = (e: WheelEvent): void => {
      e.preventDefault();
      const [sx, sy] = local(e);
      const { width, height } = sizeRef.current;
      // Trackpads send small deltas, mice large ones; exp keeps both smooth.
      const factor = Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015));
      applyView(zoomAt(viewRef.current, width, height, sx, sy, factor));
    };
    canvas.addEventListener('pointerdown', onDown);
    canvas.addEventListener('pointermove', onMove);
    canvas.addEventListener('pointerup', onUp);
    canvas.addEventListener('pointercancel', onUp);
    canvas.addEventListener('pointerleave', onLeave);
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      canvas.removeEventListener('pointerdown', onDown);
      canvas.removeEventListener('pointermove', onMove);
      canvas.removeEventListener('pointerup', onUp);
      canvas.removeEventListener('pointercancel', onUp);
      canvas.removeEventListener('pointerleave', onLeave);
      canvas.removeEventListener('wheel', onWheel);
    };
  }, []);

  return (
    <div className="tree-canvas">
      <canvas ref={canvasRef} data-testid="tree-canvas" aria-label="Family tree canvas" style={{ cursor: 'grab' }} />
      {nodes.length === 0 && (
        <div className="tree-empty" data-testid="tree-empty">
          <h2>Your family tree is empty</h2>
          <p>Add founders — grandparents from photos or random people — in the side panel, then breed children.</p>
        </div>
      )}
    </div>
  );
});
