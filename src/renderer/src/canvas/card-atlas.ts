/**
 * Cards drawn from texture atlas pages: each page is one 2D canvas holding many
 * card images and one mesh whose quads sit at the cards' positions, so a tree of
 * a thousand persons costs a handful of draw calls instead of a thousand.
 */
import * as THREE from 'three';
import { CARD_HEIGHT, CARD_WIDTH, type CardNode } from './tree-model';

const PAGE_SIZE = 2048;
/** Texture pixels per world unit: crisp at zoom 1 on a standard display. */
const SCALE = 1;
const CELL_W = CARD_WIDTH * SCALE;
const CELL_H = CARD_HEIGHT * SCALE;
const COLS = Math.floor(PAGE_SIZE / CELL_W);
const ROWS = Math.floor(PAGE_SIZE / CELL_H);
export const SLOTS_PER_PAGE = COLS * ROWS;

interface Page {
  canvas: HTMLCanvasElement;
  ctx: CanvasRenderingContext2D;
  texture: THREE.CanvasTexture;
  positions: THREE.BufferAttribute;
  mesh: THREE.Mesh<THREE.BufferGeometry, THREE.MeshBasicMaterial>;
  free: number[];
}

interface Slot {
  page: Page;
  index: number;
  node: CardNode;
  key: string;
}

export class CardAtlas {
  private readonly pages: Page[] = [];
  private readonly slots = new Map<string, Slot>();

  constructor(
    private readonly group: THREE.Group,
    private readonly onChange: () => void,
  ) {}

  get size(): number {
    return this.slots.size;
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
      this.slots.delete(id);
    }
    for (const node of nodes) {
      const key = `${node.title}|${node.subtitle}|${node.imageUrl ?? ''}`;
      let slot = this.slots.get(node.id);
      if (!slot) {
        const page = this.pages.find((p) => p.free.length > 0) ?? this.addPage();
        slot = { page, index: page.free.pop()!, node, key: '' };
        this.slots.set(node.id, slot);
      }
      slot.node = node;
      this.place(slot.page, slot.index, node);
      if (slot.key !== key) {
        slot.key = key;
        this.paint(slot);
      }
    }
    this.onChange();
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
    const page: Page = { canvas, ctx, texture, positions, mesh, free: [] };
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

  private paint(slot: Slot): void {
    const { page, index, node } = slot;
    const g = page.ctx;
    const cx = (index % COLS) * CELL_W;
    const cy = Math.floor(index / COLS) * CELL_H;
    const key = slot.key;
    const draw = (img?: HTMLImageElement): void => {
      if (slot.key !== key || this.slots.get(node.id) !== slot) return; // repainted or removed since
      g.save();
      g.setTransform(SCALE, 0, 0, SCALE, cx, cy);
      g.clearRect(0, 0, CARD_WIDTH, CARD_HEIGHT);
      g.beginPath();
      g.roundRect(0.5, 0.5, CARD_WIDTH - 1, CARD_HEIGHT - 1, 10);
      g.fillStyle = '#222631';
      g.fill();
      g.strokeStyle = '#343a48';
      g.lineWidth = 1;
      g.stroke();
      const pad = 8;
      const size = CARD_WIDTH - 2 * pad;
      g.save();
      g.beginPath();
      g.roundRect(pad, pad, size, size, 6);
      g.clip();
      if (img) g.drawImage(img, pad, pad, size, size);
      else {
        g.fillStyle = '#2c3140';
        g.fillRect(pad, pad, size, size);
      }
      g.restore();
      g.fillStyle = '#e8ebf2';
      g.font = '600 12px system-ui, sans-serif';
      g.textBaseline = 'top';
      g.fillText(ellipsize(g, node.title, CARD_WIDTH - 2 * pad), pad, pad + size + 6);
      g.fillStyle = '#9aa3b5';
      g.font = '11px system-ui, sans-serif';
      g.fillText(ellipsize(g, node.subtitle, CARD_WIDTH - 2 * pad), pad, pad + size + 22);
      g.restore();
      page.texture.needsUpdate = true;
      this.onChange();
    };
    draw();
    if (node.imageUrl) {
      const img = new Image();
      img.onload = () => draw(img);
      img.src = node.imageUrl;
    }
  }
}

function ellipsize(g: CanvasRenderingContext2D, text: string, max: number): string {
  if (g.measureText(text).width <= max) return text;
  let t = text;
  while (t.length > 1 && g.measureText(`${t}…`).width > max) t = t.slice(0, -1);
  return `${t}…`;
}
