/**
 * three.js drawing of the tree: a static layer (dot grid, edges, cards) and an
 * interactive layer (selection and hover outlines). Renders on demand, at most
 * once per animation frame.
 */
import * as THREE from 'three';
import type { View } from './view-transform';
import { CARD_HEIGHT, CARD_WIDTH, type CardNode } from './tree-model';
import { CardAtlas } from './card-atlas';
import { DotGrid } from './dot-grid';
import type { Point } from './tree-layout';
import type { FrameStats } from '../../../shared/canvas-frame-stats';

/** Least time between frames drawn only for background work (see invalidateSoon). */
const BACKGROUND_FRAME_MS = 100;

export type { FrameStats };

export class TreeRenderer {
  private readonly renderer: THREE.WebGLRenderer;
  private readonly scene = new THREE.Scene();
  private readonly camera = new THREE.OrthographicCamera(-1, 1, 1, -1, -100, 100);
  private readonly grid = new DotGrid();
  private readonly staticLayer = new THREE.Group();
  private readonly interactiveLayer = new THREE.Group();
  private readonly atlas: CardAtlas;
  private edgeLines: THREE.LineSegments | null = null;
  private readonly selectionOutlines: THREE.LineLoop[];
  private readonly hoverOutline: THREE.LineLoop;
  private view: View = { centerX: 0, centerY: 0, zoom: 1 };
  private selection: readonly string[] = [];
  private hover: string | null = null;
  private width = 1;
  private height = 1;
  private frameRequested = false;
  private soonTimer: ReturnType<typeof setTimeout> | null = null;
  private lastDrawEnd = 0;
  private disposed = false;
  /** Frames drawn and the time spent drawing them, for the canvas benchmark. */
  frames = 0;
  drawMs = 0;
  /**
   * When set, every draw waits for its GL work to be done and its time is logged: the
   * benchmark's frame time includes the GPU (software GL here), not just the three.js
   * calls that queue the work. gl.finish() alone returns at once in Chromium (measured:
   * 0 ms for a frame whose pixels took ~1 s), so a 1-pixel readPixels follows it: that
   * cannot return before the frame is drawn.
   */
  frameLog: number[] | null = null;
  private readonly probe = new Uint8Array(4);
  /** What the last drawn frame showed, for the canvas benchmark and the big-tree check. */
  lastDraw: FrameStats | null = null;

  constructor(canvas: HTMLCanvasElement) {
    this.renderer = new THREE.WebGLRenderer({ canvas, antialias: true, alpha: false, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
    this.renderer.setClearColor(0x14161c);
    this.scene.add(this.grid.points, this.staticLayer, this.interactiveLayer);
    this.atlas = new CardAtlas(
      this.staticLayer,
      () => this.invalidate(),
      () => this.invalidateSoon(),
    );
    // First pick (father side) and second pick (mother side) of a breeding pair.
    this.selectionOutlines = [outline(0xff6b6b, 4), outline(0x5b9dff, 4)];
    this.hoverOutline = outline(0x9aa3b5, 2);
    for (const o of this.selectionOutlines) o.visible = false;
    this.hoverOutline.visible = false;
    this.interactiveLayer.add(...this.selectionOutlines, this.hoverOutline);
  }

  setSize(width: number, height: number): void {
    this.width = Math.max(1, width);
    this.height = Math.max(1, height);
    this.renderer.setSize(this.width, this.height, false);
    this.invalidate();
  }

  setView(view: View): void {
    this.view = view;
    this.invalidate();
  }

  setTree(nodes: readonly CardNode[], connectors: readonly Point[][]): void {
    this.atlas.sync(nodes);
    this.setConnectors(connectors);
    // Outlines follow their cards when the layout moves them (or drop when a card is gone).
    this.setSelection(this.selection);
    this.setHover(this.hover);
  }

  setSelection(ids: readonly string[]): void {
    this.selection = ids;
    this.selectionOutlines.forEach((o, i) => placeOutline(o, ids[i] ? this.atlas.node(ids[i]!) : undefined));
    this.invalidate();
  }

  /** Live feedback while a card is dragged; the tree is re-laid out on drop. */
  moveCard(id: string, x: number, y: number): void {
    this.atlas.move(id, x, y);
    this.setSelection(this.selection);
  }

  setHover(id: string | null): void {
    this.hover = id;
    placeOutline(this.hoverOutline, id ? this.atlas.node(id) : undefined);
    this.invalidate();
  }

  /** The card under a world point, topmost first. */
  hitTest(wx: number, wy: number): string | null {
    for (const slot of [...this.atlas.nodes()].reverse()) {
      const n = slot.node;
      if (Math.abs(wx - n.x) <= CARD_WIDTH / 2 && Math.abs(wy - n.y) <= CARD_HEIGHT / 2) return n.id;
    }
    return null;
  }

  /**
   * A redraw for background work (faces streaming in, off-screen pages uploading), at
   * most every BACKGROUND_FRAME_MS: each frame under software GL costs a full-canvas
   * render and readback, and frames at every decoded face took most of the main thread
   * while a big tree loaded. View changes still draw in the next frame.
   */
  invalidateSoon(): void {
    if (this.frameRequested || this.disposed || this.soonTimer !== null) return;
    const wait = this.lastDrawEnd + BACKGROUND_FRAME_MS - performance.now();
    if (wait <= 0) return this.invalidate();
    this.soonTimer = setTimeout(() => {
      this.soonTimer = null;
      this.invalidate();
    }, wait);
  }

  invalidate(): void {
    if (this.frameRequested || this.disposed) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      if (!this.disposed) this.draw();
    });
  }

  dispose(): void {
    this.disposed = true;
    if (this.soonTimer !== null) clearTimeout(this.soonTimer);
    this.atlas.dispose();
    this.grid.dispose();
    this.edgeLines?.geometry.dispose();
    this.renderer.dispose();
  }

  private draw(): void {
    const { centerX, centerY, zoom } = this.view;
    const halfW = this.width / 2 / zoom;
    const halfH = this.height / 2 / zoom;
    // three.js y points up; tree coordinates point down, so the camera looks at −y.
    this.camera.left = centerX - halfW;
    this.camera.right = centerX + halfW;
    this.camera.top = -centerY + halfH;
    this.camera.bottom = -centerY - halfH;
    this.camera.updateProjectionMatrix();
    this.grid.update(this.view, this.width, this.height);
    const rect = { minX: centerX - halfW, minY: centerY - halfH, maxX: centerX + halfW, maxY: centerY + halfH };
    const t0 = performance.now();
    this.atlas.upload(this.renderer, rect);
    this.renderer.render(this.scene, this.camera);
    if (this.frameLog) {
      const gl = this.renderer.getContext();
      gl.finish();
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, this.probe);
    }
    const t1 = performance.now();
    this.drawMs += t1 - t0;
    this.frameLog?.push(t1 - t0);
    this.frames++;
    this.lastDrawEnd = t1;
    const onScreen = this.atlas.countIn(rect);
    this.lastDraw = {
      at: t1,
      frame: this.frames,
      cards: this.atlas.size,
      images: this.atlas.imageCount,
      visibleCards: onScreen.cards,
      visibleMissing: this.atlas.missingIn(rect),
      visibleImages: onScreen.images,
    };
  }

  private setConnectors(connectors: readonly Point[][]): void {
    if (this.edgeLines) {
      this.staticLayer.remove(this.edgeLines);
      this.edgeLines.geometry.dispose();
      this.edgeLines = null;
    }
    const points: number[] = [];
    for (const line of connectors) {
      for (let i = 1; i < line.length; i++) {
        const [x0, y0] = line[i - 1]!;
        const [x1, y1] = line[i]!;
        points.push(x0, -y0, -1, x1, -y1, -1);
      }
    }
    if (points.length === 0) return;
    const geom = new THREE.BufferGeometry();
    geom.setAttribute('position', new THREE.Float32BufferAttribute(points, 3));
    this.edgeLines = new THREE.LineSegments(geom, new THREE.LineBasicMaterial({ color: 0x5b6478 }));
    this.staticLayer.add(this.edgeLines);
  }
}

function outline(color: number, pad: number): THREE.LineLoop {
  const w = CARD_WIDTH / 2 + pad;
  const h = CARD_HEIGHT / 2 + pad;
  const geom = new THREE.BufferGeometry();
  geom.setAttribute('position', new THREE.Float32BufferAttribute([-w, -h, 1, w, -h, 1, w, h, 1, -w, h, 1], 3));
  return new THREE.LineLoop(geom, new THREE.LineBasicMaterial({ color }));
}

function placeOutline(line: THREE.LineLoop, node: CardNode | undefined): void {
  line.visible = !!node;
  if (node) line.position.set(node.x, -node.y, 1);
}
