/**
 * Cards drawn from texture atlas pages: each page is one 2D canvas holding many
 * card images and one mesh whose quads sit at the cards' positions, so a tree of
 * a thousand persons costs a few dozen draw calls instead of a thousand.
 *
 * Uploads are what a big tree costs under software GL (measured in Chromium with
 * SwiftShader: a 2048² page 27 ms plus 31 ms of mipmaps, a 1024² page 6 + 6 ms, one
 * card cell 0.2 ms). So pages are 1024², cards take slots in left-to-right order
 * (a view covers few pages), a frame uploads the pages on screen and at most two
 * others, and a face that arrives later goes up as its own cell.
 * See docs/ARCHITECTURE.md ("Opening a big tree").
 */
import * as THREE from 'three';
import { CARD_HEIGHT, CARD_WIDTH, type CardNode } from './tree-model';

const PAGE_SIZE = 1024;
/** Texture pixels per world unit: crisp at zoom 1 on a standard display. */
const SCALE = 1;
const CELL_W = CARD_WIDTH * SCALE;
const CELL_H = CARD_HEIGHT * SCALE;
const COLS = Math.floor(PAGE_SIZE / CELL_W);
const ROWS = Math.floor(PAGE_SIZE / CELL_H);
export const SLOTS_PER_PAGE = COLS * ROWS;
/** Off-screen pages uploaded per frame once the on-screen ones are up. */
const OFFSCREEN_UPLOADS_PER_FRAME = 2;
/** Card background and the face placeholder (the big-tree check looks for these colours). */
export const CARD_FILL = '#222631';
export const PLACEHOLDER_FILL = '#2c3140';

interface Page {
  canvas: HTMLCanvasElement;
  ctx: CanvasRenderingContext2D;
  texture: THREE.CanvasTexture;
  positions: THREE.BufferAttribute;
  mesh: THREE.Mesh<THREE.BufferGeometry, THREE.MeshBasicMaterial>;
  free: number[];
  /** The slot in each cell, if any. */
  cells: (Slot | undefined)[];
  /** The whole page must be uploaded: new, or many cells changed. */
  fullUpload: boolean;
  /** Cells repainted since the last upload. */
  dirty: Set<number>;
}

interface Slot {
  page: Page;
  index: number;
  node: CardNode;
  key: string;
  /** The face is painted on the page's canvas (false while its thumbnail is missing or decoding). */
  imageReady: boolean;
  /** ... and uploaded: it is on screen when the card is. */
  imageShown: boolean;
}

export interface WorldRect {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export class CardAtlas {
  private readonly pages: Page[] = [];
  private readonly slots = new Map<string, Slot>();
  /** Pixels of one cell on their way to a page texture (never uploaded itself). */
  private readonly cellSource = new THREE.DataTexture(new Uint8ClampedArray(CELL_W * CELL_H * 4), CELL_W, CELL_H);
  private readonly cellPosition = new THREE.Vector2();

  constructor(
    private readonly group: THREE.Group,
    private readonly onChange: () => void,
    /** Faces arrived or background pages wait: worth a frame soon, not necessarily this one. */
    private readonly onBackgroundChange: () => void = onChange,
  ) {}

  get size(): number {
    return this.slots.size;
  }

  /** Cards whose face is on the GPU. */
  get imageCount(): number {
    let n = 0;
    for (const s of this.slots.values()) if (s.imageShown) n++;
    return n;
  }

  /** Cards overlapping a world rectangle, and how many of them show their face. */
  countIn(r: WorldRect): { cards: number; images: number } {
    let cards = 0;
    let images = 0;
    for (const { node, imageShown, page } of this.slots.values()) {
      if (!overlaps(node, r)) continue;
      cards++;
      if (imageShown && page.mesh.visible) images++;
    }
    return { cards, images };
  }

  /** Cards overlapping a world rectangle whose page is not uploaded yet (drawn as nothing). */
  missingIn(r: WorldRect): number {
    let n = 0;
    for (const { node, page } of this.slots.values()) if (!page.mesh.visible && overlaps(node, r)) n++;
    return n;
  }

  node(id: string): CardNode | undefined {
    return this.slots.get(id)?.node;
  }

  nodes(): IterableIterator<Slot> {
    return this.slots.values();
  }

  /** Adds, updates or removes cards so the atlas shows exactly `nodes`. */
  sync(nodes: readonly CardNode[]): void {
    const keep = new Set(nodes.map((n) => n.id));
    for (const [id, slot] of this.slots) {
      if (keep.has(id)) continue;
      this.place(slot.page, slot.index, null);
      slot.page.free.push(slot.index);
      slot.page.cells[slot.index] = undefined;
      this.slots.delete(id);
    }
    // New cards take slots left to right, so the cards of one view share few pages.
    const added = nodes.filter((n) => !this.slots.has(n.id)).sort((a, b) => a.x - b.x || a.y - b.y);
    for (const node of added) {
      const page = this.pages.find((p) => p.free.length > 0) ?? this.addPage();
      const slot: Slot = { page, index: page.free.pop()!, node, key: '', imageReady: false, imageShown: false };
      page.cells[slot.index] = slot;
      this.slots.set(node.id, slot);
    }
    for (const node of nodes) {
      const key = `${node.title}|${node.subtitle}|${node.imageUrl ?? ''}`;
      const slot = this.slots.get(node.id)!;
      if (slot.node.x !== node.x || slot.node.y !== node.y || slot.key === '') this.place(slot.page, slot.index, node);
      slot.node = node;
      if (slot.key !== key) {
        slot.key = key;
        this.paint(slot);
      }
    }
    this.onChange();
  }

  /**
   * Sends repainted pages and cells to the GL textures; called before each render with
   * the view's world rectangle. Asks for another frame while off-screen pages wait.
   */
  upload(renderer: THREE.WebGLRenderer, view: WorldRect): void {
    let offscreenBudget = OFFSCREEN_UPLOADS_PER_FRAME;
    let waiting = false;
    for (const page of this.pages) {
      if (!page.fullUpload && page.dirty.size === 0) continue;
      if (!this.pageOverlaps(page, view) && offscreenBudget-- <= 0) {
        waiting = true;
        continue;
      }
      if (page.fullUpload || page.dirty.size > SLOTS_PER_PAGE / 3) {
        page.texture.needsUpdate = true;
        page.mesh.visible = true;
      } else {
        const cells = [...page.dirty];
        cells.forEach((index, k) => {
          const cx = (index % COLS) * CELL_W;
          const cy = Math.floor(index / COLS) * CELL_H;
          const pixels = page.ctx.getImageData(cx, cy, CELL_W, CELL_H);
          this.cellSource.image = { data: pixels.data, width: CELL_W, height: CELL_H };
          // Mipmaps once per page, after its last cell.
          page.texture.mipmapsAutoUpdate = k === cells.length - 1;
          // The texture is flipped (flipY): canvas row cy lands at texture row PAGE_SIZE − cy − CELL_H.
          this.cellPosition.set(cx, PAGE_SIZE - cy - CELL_H);
          renderer.copyTextureToTexture(this.cellSource, page.texture, null, this.cellPosition);
        });
        page.texture.mipmapsAutoUpdate = true;
      }
      page.fullUpload = false;
      page.dirty.clear();
      for (const slot of page.cells) if (slot) slot.imageShown = slot.imageReady;
    }
    if (waiting) this.onBackgroundChange();
  }

  private pageOverlaps(page: Page, r: WorldRect): boolean {
    for (const slot of page.cells) if (slot && overlaps(slot.node, r)) return true;
    return false;
  }

  /** Moves one card (live drag feedback). */
  move(id: string, x: number, y: number): void {
    const slot = this.slots.get(id);
    if (!slot) return;
    slot.node = { ...slot.node, x, y };
    this.place(slot.page, slot.index, slot.node);
    this.onChange();
  }

  dispose(): void {
    for (const p of this.pages) {
      p.texture.dispose();
      p.mesh.geometry.dispose();
      p.mesh.material.dispose();
      this.group.remove(p.mesh);
    }
    this.pages.length = 0;
    this.slots.clear();
  }

  private addPage(): Page {
    const canvas = document.createElement('canvas');
    canvas.width = PAGE_SIZE;
    canvas.height = PAGE_SIZE;
    const ctx = canvas.getContext('2d')!;
    const texture = new THREE.CanvasTexture(canvas);
    texture.colorSpace = THREE.SRGBColorSpace;
    texture.anisotropy = 4;
    texture.generateMipmaps = true;
    texture.minFilter = THREE.LinearMipmapLinearFilter;
    const positions = new THREE.BufferAttribute(new Float32Array(SLOTS_PER_PAGE * 4 * 3), 3);
    positions.setUsage(THREE.DynamicDrawUsage);
    const uvs = new Float32Array(SLOTS_PER_PAGE * 4 * 2);
    const index: number[] = [];
    for (let s = 0; s < SLOTS_PER_PAGE; s++) {
      const u0 = ((s % COLS) * CELL_W) / PAGE_SIZE;
      const u1 = u0 + CELL_W / PAGE_SIZE;
      // Canvas rows go down; texture v goes up (flipY).
      const v1 = 1 - (Math.floor(s / COLS) * CELL_H) / PAGE_SIZE;
      const v0 = v1 - CELL_H / PAGE_SIZE;
      uvs.set([u0, v1, u1, v1, u1, v0, u0, v0], s * 8);
      const b = s * 4;
      index.push(b, b + 2, b + 1, b, b + 3, b + 2);
    }
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute('position', positions);
    geometry.setAttribute('uv', new THREE.BufferAttribute(uvs, 2));
    geometry.setIndex(index);
    const mesh = new THREE.Mesh(geometry, new THREE.MeshBasicMaterial({ map: texture, transparent: true }));
    // Quads move without the bounding sphere being recomputed: never cull the page.
    mesh.frustumCulled = false;
    this.group.add(mesh);
    // Hidden until its texture is uploaded (the first frame uploads only the pages on screen).
    mesh.visible = false;
    const page: Page = { canvas, ctx, texture, positions, mesh, free: [], cells: [], fullUpload: true, dirty: new Set() };
    for (let s = SLOTS_PER_PAGE - 1; s >= 0; s--) page.free.push(s);
    this.pages.push(page);
    return page;
  }

  /** Puts a slot's quad at the card's position (or collapses it when null). */
  private place(page: Page, slot: number, node: CardNode | null): void {
    const a = page.positions.array as Float32Array;
    const o = slot * 12;
    if (!node) {
      a.fill(0, o, o + 12);
    } else {
      const x0 = node.x - CARD_WIDTH / 2;
      const x1 = node.x + CARD_WIDTH / 2;
      // Tree y points down, three.js y up.
      const y0 = -(node.y - CARD_HEIGHT / 2);
      const y1 = -(node.y + CARD_HEIGHT / 2);
      a.set([x0, y0, 0, x1, y0, 0, x1, y1, 0, x0, y1, 0], o);
    }
    page.positions.needsUpdate = true;
  }

  /**
   * Draws the card frame and its text at once, the face when its thumbnail has
   * decoded: a big tree shows all its cards before the thumbnails arrive.
   */
  private paint(slot: Slot): void {
    const { page, index, node } = slot;
    const g = page.ctx;
    const cx = (index % COLS) * CELL_W;
    const cy = Math.floor(index / COLS) * CELL_H;
    const key = slot.key;
    const pad = 8;
    const size = CARD_WIDTH - 2 * pad;
    const face = (img?: CanvasImageSource): void => {
      g.save();
      g.setTransform(SCALE, 0, 0, SCALE, cx, cy);
      g.beginPath();
      g.roundRect(pad, pad, size, size, 6);
      g.clip();
      if (img) g.drawImage(img, pad, pad, size, size);
      else {
        g.fillStyle = PLACEHOLDER_FILL;
        g.fillRect(pad, pad, size, size);
      }
      g.restore();
    };
    g.save();
    g.setTransform(SCALE, 0, 0, SCALE, cx, cy);
    g.clearRect(0, 0, CARD_WIDTH, CARD_HEIGHT);
    g.beginPath();
    g.roundRect(0.5, 0.5, CARD_WIDTH - 1, CARD_HEIGHT - 1, 10);
    g.fillStyle = CARD_FILL;
    g.fill();
    g.strokeStyle = '#343a48';
    g.lineWidth = 1;
    g.stroke();
    g.fillStyle = '#e8ebf2';
    g.font = '600 12px system-ui, sans-serif';
    g.textBaseline = 'top';
    g.fillText(ellipsize(g, node.title, CARD_WIDTH - 2 * pad), pad, pad + size + 6);
    g.fillStyle = '#9aa3b5';
    g.font = '11px system-ui, sans-serif';
    g.fillText(ellipsize(g, node.subtitle, CARD_WIDTH - 2 * pad), pad, pad + size + 22);
    g.restore();
    face();
    slot.imageReady = false;
    slot.imageShown = false;
    page.dirty.add(index);
    if (!node.imageUrl) return;
    // decode() works off the main thread; drawImage then only copies pixels.
    const img = new Image();
    img.src = node.imageUrl;
    img.decode().then(
      () => {
        if (slot.key !== key || this.slots.get(node.id) !== slot) return; // repainted or removed since
        face(img);
        slot.imageReady = true;
        page.dirty.add(index);
        this.onBackgroundChange();
      },
      () => undefined, // a broken image keeps the placeholder
    );
  }
}

function overlaps(n: CardNode, r: WorldRect): boolean {
  return n.x + CARD_WIDTH / 2 >= r.minX && n.x - CARD_WIDTH / 2 <= r.maxX && n.y + CARD_HEIGHT / 2 >= r.minY && n.y - CARD_HEIGHT / 2 <= r.maxY;
}

function ellipsize(g: CanvasRenderingContext2D, text: string, max: number): string {
  if (g.measureText(text).width <= max) return text;
  let t = text;
  while (t.length > 1 && g.measureText(`${t}…`).width > max) t = t.slice(0, -1);
  return `${t}…`;
}
