/**
 * three.js drawing of the tree: a static layer (dot grid, edges, cards) and an
 * interactive layer (selection and hover outlines). Renders on demand, at most
 * once per animation frame.
 */
import * as THREE from 'three';
import type { View } from './view-transform';
import { CARD_HEIGHT, CARD_WIDTH, type CardNode } from './tree-model';
import type { Point } from './tree-layout';

const GRID_VERTEX = /* glsl */ `
  varying vec2 vWorld;
  void main() {
    vec4 world = modelMatrix * vec4(position, 1.0);
    vWorld = world.xy;
    gl_Position = projectionMatrix * viewMatrix * world;
  }
`;
const GRID_FRAGMENT = /* glsl */ `
  uniform float uZoom;
  varying vec2 vWorld;
  void main() {
    float spacing = 32.0;
    vec2 cell = mod(vWorld + spacing * 0.5, spacing) - spacing * 0.5;
    float d = length(cell) * uZoom;
    float dot = 1.0 - smoothstep(0.6, 1.6, d);
    vec3 bg = vec3(0.078, 0.086, 0.110);
    vec3 fg = vec3(0.20, 0.22, 0.27);
    gl_FragColor = vec4(mix(bg, fg, dot * clamp(uZoom * 1.5, 0.0, 1.0)), 1.0);
  }
`;

interface CardObject {
  node: CardNode;
  mesh: THREE.Mesh<THREE.PlaneGeometry, THREE.MeshBasicMaterial>;
  texture: THREE.CanvasTexture;
  imageKey: string;
}

export class TreeRenderer {
  private readonly renderer: THREE.WebGLRenderer;
  private readonly scene = new THREE.Scene();
  private readonly camera = new THREE.OrthographicCamera(-1, 1, 1, -1, -100, 100);
  private readonly grid: THREE.Mesh<THREE.PlaneGeometry, THREE.ShaderMaterial>;
  private readonly staticLayer = new THREE.Group();
  private readonly interactiveLayer = new THREE.Group();
  private readonly cards = new Map<string, CardObject>();
  private edgeLines: THREE.LineSegments | null = null;
  private readonly cardGeometry = new THREE.PlaneGeometry(CARD_WIDTH, CARD_HEIGHT);
  private readonly selectionOutlines: THREE.LineLoop[];
  private readonly hoverOutline: THREE.LineLoop;
  private view: View = { centerX: 0, centerY: 0, zoom: 1 };
  private selection: readonly string[] = [];
  private hover: string | null = null;
  private width = 1;
  private height = 1;
  private frameRequested = false;
  private disposed = false;
  /** Frames drawn, for the canvas benchmark. */
  frames = 0;

  constructor(private readonly canvas: HTMLCanvasElement) {
    this.renderer = new THREE.WebGLRenderer({ canvas, antialias: true, alpha: false, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
    this.grid = new THREE.Mesh(
      new THREE.PlaneGeometry(1, 1),
      new THREE.ShaderMaterial({
        vertexShader: GRID_VERTEX,
        fragmentShader: GRID_FRAGMENT,
        uniforms: { uZoom: { value: 1 } },
        depthWrite: false,
      }),
    );
    this.grid.renderOrder = -10;
    this.scene.add(this.grid, this.staticLayer, this.interactiveLayer);
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
    const keep = new Set(nodes.map((n) => n.id));
    for (const [id, card] of this.cards) {
      if (keep.has(id)) continue;
      this.staticLayer.remove(card.mesh);
      card.texture.dispose();
      card.mesh.material.dispose();
      this.cards.delete(id);
    }
    for (const node of nodes) {
      const existing = this.cards.get(node.id);
      const key = `${node.title}|${node.subtitle}|${node.imageUrl ?? ''}`;
      if (existing) {
        existing.node = node;
        existing.mesh.position.set(node.x, -node.y, 0);
        if (existing.imageKey !== key) {
          existing.imageKey = key;
          this.paintCard(existing);
        }
        continue;
      }
      const texCanvas = document.createElement('canvas');
      const texture = new THREE.CanvasTexture(texCanvas);
      texture.colorSpace = THREE.SRGBColorSpace;
      texture.anisotropy = 4;
      const mesh = new THREE.Mesh(this.cardGeometry, new THREE.MeshBasicMaterial({ map: texture, transparent: true }));
      mesh.position.set(node.x, -node.y, 0);
      mesh.userData.id = node.id;
      const card: CardObject = { node, mesh, texture, imageKey: key };
      this.cards.set(node.id, card);
      this.staticLayer.add(mesh);
      this.paintCard(card);
    }
    this.setConnectors(connectors);
    // Outlines follow their cards when the layout moves them (or drop when a card is gone).
    this.setSelection(this.selection);
    this.setHover(this.hover);
  }

  setSelection(ids: readonly string[]): void {
    this.selection = ids;
    this.selectionOutlines.forEach((o, i) => placeOutline(o, ids[i] ? this.cards.get(ids[i]!)?.node : undefined));
    this.invalidate();
  }

  /** Live feedback while a card is dragged; the tree is re-laid out on drop. */
  moveCard(id: string, x: number, y: number): void {
    const card = this.cards.get(id);
    if (!card) return;
    card.node = { ...card.node, x, y };
    card.mesh.position.set(x, -y, 0.5);
    this.setSelection(this.selection);
  }

  setHover(id: string | null): void {
    this.hover = id;
    placeOutline(this.hoverOutline, id ? this.cards.get(id)?.node : undefined);
    this.invalidate();
  }

  /** The card under a world point, topmost first. */
  hitTest(wx: number, wy: number): string | null {
    for (const card of [...this.cards.values()].reverse()) {
      const n = card.node;
      if (Math.abs(wx - n.x) <= CARD_WIDTH / 2 && Math.abs(wy - n.y) <= CARD_HEIGHT / 2) return n.id;
    }
    return null;
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
    for (const card of this.cards.values()) {
      card.texture.dispose();
      card.mesh.material.dispose();
    }
    this.cardGeometry.dispose();
    this.grid.geometry.dispose();
    this.grid.material.dispose();
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
    this.grid.position.set(centerX, -centerY, -50);
    this.grid.scale.set(halfW * 2, halfH * 2, 1);
    this.grid.material.uniforms.uZoom!.value = zoom;
    this.renderer.render(this.scene, this.camera);
    this.frames++;
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

  private paintCard(card: CardObject): void {
    const scale = 2; // texture pixels per world unit, crisp at zoom ≤ 2
    const c = card.texture.image as HTMLCanvasElement;
    c.width = CARD_WIDTH * scale;
    c.height = CARD_HEIGHT * scale;
    const g = c.getContext('2d')!;
    const drawFrame = (img?: HTMLImageElement): void => {
      g.setTransform(scale, 0, 0, scale, 0, 0);
      g.clearRect(0, 0, CARD_WIDTH, CARD_HEIGHT);
      roundRect(g, 0.5, 0.5, CARD_WIDTH - 1, CARD_HEIGHT - 1, 10);
      g.fillStyle = '#222631';
      g.fill();
      g.strokeStyle = '#343a48';
      g.lineWidth = 1;
      g.stroke();
      const pad = 8;
      const size = CARD_WIDTH - 2 * pad;
      g.save();
      roundRect(g, pad, pad, size, size, 6);
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
      g.fillText(ellipsize(g, card.node.title, CARD_WIDTH - 2 * pad), pad, pad + size + 6);
      g.fillStyle = '#9aa3b5';
      g.font = '11px system-ui, sans-serif';
      g.fillText(ellipsize(g, card.node.subtitle, CARD_WIDTH - 2 * pad), pad, pad + size + 22);
      card.texture.needsUpdate = true;
      this.invalidate();
    };
    drawFrame();
    if (card.node.imageUrl) {
      const img = new Image();
      const key = card.imageKey;
      img.onload = () => {
        if (card.imageKey === key) drawFrame(img);
      };
      img.src = card.node.imageUrl;
    }
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

function roundRect(g: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number): void {
  g.beginPath();
  g.roundRect(x, y, w, h, r);
}

function ellipsize(g: CanvasRenderingContext2D, text: string, max: number): string {
  if (g.measureText(text).width <= max) return text;
  let t = text;
  while (t.length > 1 && g.measureText(`${t}…`).width > max) t = t.slice(0, -1);
  return `${t}…`;
}
