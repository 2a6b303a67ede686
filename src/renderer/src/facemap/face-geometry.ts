/**
 * The face diagram: one entry per region (src/domain/regions.ts order), drawn front-facing in a
 * 300×360 box. Left/right pairs are one region, so a region may have several shapes.
 * Entries are listed back to front (FACE_REGIONS order = paint order). Paths use only
 * absolute M/L/C/Z so `mirror` can reflect them about the vertical centre line.
 */
import { REGION_COUNT, REGION_NAMES, type RegionName } from '../../../domain/regions';

export const FACE_VIEWBOX = { width: 300, height: 360 } as const;
const CX = FACE_VIEWBOX.width / 2;

export interface RegionShape {
  d: string;
  /** `line` shapes are stroked (wrinkles, lashes); `fill` shapes are filled. */
  kind?: 'fill' | 'line';
  /** Stroke width of a line shape. */
  width?: number;
  /** Clip to the face skin (forehead, cheeks, …) or to the eye whites (iris, pupil). */
  clip?: 'head' | 'eyes';
}

export interface RegionGeometry {
  index: number;
  name: RegionName;
  shapes: RegionShape[];
  /** Invisible extra hit area for small regions, so a finger or a mouse can find them. */
  hit?: string[];
  /** Lighten (>0) or darken (<0) the mode colour so the face stays legible. */
  tone: number;
  /** Where a report dot sits (on the left instance of a pair). */
  anchor: [number, number];
}

/** Reflects an absolute M/L/C/Z path about x = 150. */
export function mirror(d: string): string {
  let coord = 0;
  return d.replace(/[MLCZ]|-?\d+(?:\.\d+)?/g, (tok) => {
    if (/[MLCZ]/.test(tok)) return tok;
    const v = Number(tok);
    const out = coord % 2 === 0 ? 2 * CX - v : v;
    coord++;
    return String(Math.round(out * 100) / 100);
  });
}

const both = (d: string): string => `${d} ${mirror(d)}`;

/** An ellipse as four cubic arcs (mirrorable, unlike SVG arc commands). */
export function ellipse(cx: number, cy: number, rx: number, ry: number): string {
  const k = 0.5523;
  const r = (v: number) => Math.round(v * 100) / 100;
  const ox = rx * k;
  const oy = ry * k;
  return (
    `M${r(cx - rx)},${r(cy)} C${r(cx - rx)},${r(cy - oy)} ${r(cx - ox)},${r(cy - ry)} ${r(cx)},${r(cy - ry)} ` +
    `C${r(cx + ox)},${r(cy - ry)} ${r(cx + rx)},${r(cy - oy)} ${r(cx + rx)},${r(cy)} ` +
    `C${r(cx + rx)},${r(cy + oy)} ${r(cx + ox)},${r(cy + ry)} ${r(cx)},${r(cy + ry)} ` +
    `C${r(cx - ox)},${r(cy + ry)} ${r(cx - rx)},${r(cy + oy)} ${r(cx - rx)},${r(cy)} Z`
  );
}

/** The face skin, its top edge the hairline; it clips the regions painted on the face. */
export const HEAD_OUTLINE =
  'M74,142 C76,104 98,86 124,85 C138,84 144,91 150,91 C156,91 162,84 176,85 C202,86 224,104 226,142 ' +
  'C229,192 220,244 197,282 C185,300 169,309 150,309 C131,309 115,300 103,282 C80,244 71,192 74,142 Z';

// Left eye: an almond from the outer corner (100,167) to the inner corner (141,165).
const EYE_UPPER = 'M100,167 C108,156 132,155 141,165';
const SCLERA_L = 'M100,167 C108,156 132,155 141,165 C132,175 108,176 100,167 Z';
export const EYE_OUTLINE = both(SCLERA_L);

function region(
  index: number,
  shapes: RegionShape[],
  tone: number,
  anchor: [number, number],
  hit?: string[],
): RegionGeometry {
  const name = REGION_NAMES[index];
  if (name === undefined) throw new RangeError(`no region ${index}`);
  return { index, name, shapes, tone, anchor, ...(hit ? { hit } : {}) };
}

/** Back to front. */
export const FACE_REGIONS: readonly RegionGeometry[] = [
  // background: the frame around the head
  region(0, [{ d: 'M18,2 L282,2 C291,2 298,9 298,18 L298,342 C298,351 291,358 282,358 L18,358 C9,358 2,351 2,342 L2,18 C2,9 9,2 18,2 Z' }], -0.66, [22, 24]),
  // hair: crown and a bob behind the ears, framed by the face's hairline
  region(
    17,
    [{ d: 'M150,22 C214,22 254,64 256,128 C258,176 252,216 240,250 C234,258 222,258 214,252 L86,252 C78,258 66,258 60,250 C48,216 42,176 44,128 C46,64 86,22 150,22 Z' }],
    -0.32,
    [150, 46],
  ),
  // neck, flaring into the shoulder line
  region(
    25,
    [{ d: 'M118,268 L182,268 C182,300 186,322 198,334 C220,340 246,346 266,358 L34,358 C54,346 80,340 102,334 C114,322 118,300 118,268 Z' }],
    -0.12,
    [150, 334],
  ),
  // ear (the bowl), then its rim and lobe on top
  region(4, [{ d: both('M79,150 C66,141 53,150 54,167 C55,184 61,198 72,206 L80,204 Z') }], 0.02, [70, 172]),
  region(
    5,
    [{ d: both('M79,150 C66,141 53,150 54,167 C55,181 59,191 65,198 L70,194 C65,186 61,178 61,167 C61,155 68,151 77,156 Z') }],
    0.24,
    [58, 160],
    [both('M80,146 C62,136 46,150 48,168 C49,184 55,196 64,203 L72,196 C66,186 63,177 63,167 C63,157 70,153 80,158 Z')],
  ),
  region(6, [{ d: both('M64,194 C61,203 66,212 74,212 C79,211 81,205 80,198 L71,191 Z') }], 0.3, [71, 205]),
  // head: the face skin; whatever the regions on top leave uncovered
  region(1, [{ d: HEAD_OUTLINE }], 0.1, [150, 176]),
  region(15, [{ d: 'M60,60 L240,60 L240,132 C224,128 196,127 176,129 C166,130 160,132 158,135 L142,135 C140,132 134,130 124,129 C104,127 76,128 60,132 Z', clip: 'head' }], 0.24, [150, 112]),
  region(32, [{ d: both('M60,70 L112,70 C104,92 100,112 100,126 C98,138 96,150 93,160 L60,174 Z'), clip: 'head' }], 0.04, [89, 118]),
  region(2, [{ d: both(ellipse(103, 207, 22, 19)), clip: 'head' }], 0.3, [104, 206]),
  region(19, [{ d: both('M56,224 C84,236 100,262 118,296 L118,330 L56,330 Z'), clip: 'head' }], -0.04, [96, 262]),
  region(3, [{ d: ellipse(150, 304, 33, 22), clip: 'head' }], 0.18, [150, 296]),
  region(18, [{ d: both('M66,114 L90,119 C89,140 88,160 86,178 C84,187 80,192 75,194 L66,194 Z'), clip: 'head' }], -0.26, [80, 160]),
  // between the brows
  region(16, [{ d: 'M141,134 C146,132 154,132 159,134 L157,156 C153,158 147,158 143,156 Z' }], 0.02, [150, 145]),
  region(14, [{ d: both('M97,142 C105,131 124,128 141,133 L140,139 C125,135 111,137 99,146 Z') }], -0.36, [118, 135]),
  // eyes: lids around the almond, then the white, iris, pupil, lashes and tear duct
  region(13, [{ d: both('M97,166 C105,147 135,145 144,163 L141,165 C132,155 108,156 100,167 Z') }], 0.08, [110, 154]),
  region(7, [{ d: both('M100,167 C108,176 132,175 141,165 L143,167 C134,183 106,184 97,170 Z') }], 0.14, [118, 176]),
  region(11, [{ d: EYE_OUTLINE }], 0.62, [108, 167]),
  region(9, [{ d: both(ellipse(121, 165, 8.5, 8.5)), clip: 'eyes' }], -0.08, [127, 160], [both(ellipse(121, 165, 8.5, 8.5))]),
  region(10, [{ d: both(ellipse(121, 165, 3.8, 3.8)), clip: 'eyes' }], -0.6, [121, 165], [both(ellipse(121, 165, 4.6, 4.6))]),
  region(
    8,
    [
      { d: both(EYE_UPPER), kind: 'line', width: 2.4 },
      { d: both('M101,165 L94,161 M104,161 L98,155 M108,158 L104,152'), kind: 'line', width: 1.6 },
    ],
    -0.5,
    [100, 158],
    [both('M92,164 L97,150 L106,148 L104,157 L100,166 Z')],
  ),
  region(12, [{ d: both(ellipse(144, 166, 3.4, 2.8)) }], 0.4, [144, 166], [both(ellipse(144.5, 166, 5, 4.5))]),
  // nose: body, then the bridge on top, the wings, the tip and the nostrils
  region(26, [{ d: 'M143,156 C142,174 136,190 131,204 C129,214 136,219 150,219 C164,219 171,214 169,204 C164,190 158,174 157,156 Z' }], 0.06, [139, 190]),
  region(28, [{ d: 'M145,156 L155,156 C155,172 156,184 157,194 C153,197 147,197 143,194 C144,184 145,172 145,156 Z' }], 0.3, [150, 176]),
  region(27, [{ d: both(ellipse(135, 207, 6, 7.5)) }], -0.06, [135, 207]),
  region(29, [{ d: ellipse(150, 204, 10, 8.5) }], 0.24, [150, 203]),
  region(30, [{ d: both(ellipse(144, 215, 3.6, 2.1)) }], -0.52, [144, 215], [both(ellipse(144, 215, 5, 3.6))]),
  // mouth: moustache wings either side of the philtrum, lips, teeth, corners
  region(20, [{ d: 'M117,241 C125,230 140,225 150,229 C160,225 175,230 183,241 C172,238 160,236 150,238 C140,236 128,238 117,241 Z' }], -0.22, [124, 236]),
  region(31, [{ d: 'M144,219 L156,219 C156,226 157,232 158,238 L142,238 C143,232 144,226 144,219 Z' }], 0.22, [150, 228]),
  region(23, [{ d: 'M120,248 C128,242 138,237 145,238 C147,238 149,240 150,240 C151,240 153,238 155,238 C162,237 172,242 180,248 C168,250 160,250 150,250 C140,250 132,250 120,248 Z' }], -0.14, [136, 244]),
  region(24, [{ d: 'M125,249 C138,251 162,251 175,249 C170,256 160,258 150,258 C140,258 130,256 125,249 Z' }], 0.72, [150, 253]),
  region(21, [{ d: 'M123,250 C136,256 164,256 177,250 C173,263 161,269 150,269 C139,269 127,263 123,250 Z' }], -0.04, [150, 262]),
  region(22, [{ d: both(ellipse(120.5, 249, 3.6, 3.4)) }], -0.32, [120, 249], [both(ellipse(119.5, 249, 5.5, 5.5))]),
  // wrinkles: smile lines, crow's feet and a forehead line
  region(
    33,
    [
      { d: both('M129,214 C121,224 117,236 116,250'), kind: 'line', width: 1.8 },
      { d: both('M96,168 L89,165 M96,172 L90,174'), kind: 'line', width: 1.5 },
      { d: 'M124,110 C140,106 160,106 176,110', kind: 'line', width: 1.5 },
    ],
    -0.38,
    [118, 236],
  ),
];

/** Keyboard order (arrow keys): top to bottom, feature by feature, as a reader scans a face. */
export const NAV_ORDER: readonly number[] = [
  0, 17, 15, 32, 16, 14, 13, 8, 11, 9, 10, 12, 7, 18, 4, 5, 6, 1, 28, 26, 29, 27, 30, 2, 33, 20, 31, 23, 24, 21, 22, 19, 3, 25,
];

const BY_INDEX: readonly RegionGeometry[] = (() => {
  const out: RegionGeometry[] = [];
  for (const g of FACE_REGIONS) out[g.index] = g;
  return out;
})();

export function regionGeometry(index: number): RegionGeometry {
  const g = BY_INDEX[index];
  if (g === undefined || index < 0 || index >= REGION_COUNT) throw new RangeError(`no face-map region ${index}`);
  return g;
}
