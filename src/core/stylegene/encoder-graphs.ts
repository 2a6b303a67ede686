/**
 * The image networks of the pack, written from their checkpoints:
 *  - the e4e encoder (Encoder4Editing over an IR-SE-50 backbone, keys `encoder.*` of
 *    e4e_ffhq_encode.pt): image [B,3,256,256] in [-1,1] → W+ offsets [B,18,512] (the
 *    pack's latentAvg is added by the app);
 *  - FairFace (torchvision ResNet-34 with an 18-way head, res34_fair_align_multi_7_20190809.pt):
 *    image [B,3,224,224] in [-1,1] → logits [B,18] (race 7, gender 2, age 9), with the
 *    ImageNet normalisation it was trained with folded into the first step.
 */
import { attr, GraphBuilder } from '../onnx/graph-builder';
import type { WeightSource } from '../checkpoints/state-dict';
import { batchNorm, conv2d, leakyRelu, linear } from './layers';

const N_WS = 18;

function bn(g: GraphBuilder, w: WeightSource, key: string, x: string, c: number): string {
  const out = batchNorm(g, x, w.take(`${key}.weight`, [c]), w.take(`${key}.bias`, [c]), w.take(`${key}.running_mean`, [c]), w.take(`${key}.running_var`, [c]));
  if (w.has(`${key}.num_batches_tracked`)) w.tensor(`${key}.num_batches_tracked`, []); // a training counter: accounted for, unused
  return out;
}

function conv(g: GraphBuilder, w: WeightSource, key: string, x: string, inCh: number, outCh: number, k: number, stride: number, pad: number, bias: boolean): string {
  return conv2d(g, x, w.take(`${key}.weight`, [outCh, inCh, k, k]), bias ? w.take(`${key}.bias`, [outCh]) : null, { inCh, outCh, k, stride, pad });
}

function prelu(g: GraphBuilder, w: WeightSource, key: string, x: string, c: number): string {
  return g.node('PRelu', [x, g.initializer(w.take(`${key}.weight`, [c]), [c, 1, 1])]);
}

/** IR-50's 24 bottlenecks: (in, depth, stride) for 3, 4, 14 and 3 units. */
function ir50Units(): Array<[number, number, number]> {
  const units: Array<[number, number, number]> = [];
  for (const [inC, depth, n] of [
    [64, 64, 3],
    [64, 128, 4],
    [128, 256, 14],
    [256, 512, 3],
  ] as const) {
    units.push([inC, depth, 2]);
    for (let i = 1; i < n; i++) units.push([depth, depth, 1]);
  }
  return units;
}

function bottleneckIrSe(g: GraphBuilder, w: WeightSource, key: string, x: string, inC: number, depth: number, stride: number): string {
  const shortcut =
    inC === depth
      ? g.node('MaxPool', [x], { kernel_shape: attr.ints([1, 1]), strides: attr.ints([stride, stride]) })
      : bn(g, w, `${key}.shortcut_layer.1`, conv(g, w, `${key}.shortcut_layer.0`, x, inC, depth, 1, stride, 0, false), depth);
  let r = bn(g, w, `${key}.res_layer.0`, x, inC);
  r = conv(g, w, `${key}.res_layer.1`, r, inC, depth, 3, 1, 1, false);
  r = prelu(g, w, `${key}.res_layer.2`, r, depth);
  r = conv(g, w, `${key}.res_layer.3`, r, depth, depth, 3, stride, 1, false);
  r = bn(g, w, `${key}.res_layer.4`, r, depth);
  // Squeeze-and-excitation (reduction 16).
  const s = g.node('ReduceMean', [r], { axes: attr.ints([2, 3]), keepdims: attr.int(1) });
  let e = conv(g, w, `${key}.res_layer.5.fc1`, s, depth, depth / 16, 1, 1, 0, false);
  e = g.node('Relu', [e]);
  e = g.node('Sigmoid', [conv(g, w, `${key}.res_layer.5.fc2`, e, depth / 16, depth, 1, 1, 0, false)]);
  r = g.node('Mul', [r, e]);
  return g.node('Add', [r, shortcut]);
}

/** GradualStyleBlock: stride-2 convs (leaky ReLU 0.01) down to 1×1, then EqualLinear. Returns [B,512]. */
function styleBlock(g: GraphBuilder, w: WeightSource, key: string, x: string, spatial: number): string {
  const n = Math.log2(spatial);
  for (let i = 0; i < n; i++) x = leakyRelu(g, conv(g, w, `${key}.convs.${2 * i}`, x, 512, 512, 3, 2, 1, true), 0.01);
  const flat = g.node('Reshape', [x, g.constI([-1, 512])]);
  return linear(g, flat, w.take(`${key}.linear.weight`, [512, 512]), w.take(`${key}.linear.bias`, [512]), 512, 512, 1 / Math.sqrt(512), 1);
}

/** Bilinear resize of x to y's size (align_corners), plus y. */
function upsampleAdd(g: GraphBuilder, x: string, y: string): string {
  const up = g.node('Resize', [x, '', '', g.node('Shape', [y])], {
    mode: attr.string('linear'),
    coordinate_transformation_mode: attr.string('align_corners'),
  });
  return g.node('Add', [up, y]);
}

/** `w` reads e4e's state dict with prefix 'encoder.'; styleCount = 2·log2(R) − 2 of the generator it was trained for. */
export function buildE4e(w: WeightSource, generatorResolution: number): GraphBuilder {
  const g = new GraphBuilder('encoder', { docString: 'e4e encoder (IR-SE-50), image -> W+ offsets from latentAvg (converted by Kinship Studio)' });
  const image = g.input('image', ['B', 3, 256, 256]);
  let x = conv(g, w, 'input_layer.0', image, 3, 64, 3, 1, 1, false);
  x = prelu(g, w, 'input_layer.2', bn(g, w, 'input_layer.1', x, 64), 64);
  let c1 = '';
  let c2 = '';
  for (const [i, [inC, depth, stride]] of ir50Units().entries()) {
    x = bottleneckIrSe(g, w, `body.${i}`, x, inC, depth, stride);
    if (i === 6) c1 = x;
    else if (i === 20) c2 = x;
  }
  const c3 = x;
  const styleCount = 2 * Math.log2(generatorResolution) - 2;
  const w0 = styleBlock(g, w, 'styles.0', c3, 16);
  const rows: string[] = [w0];
  let features = c3;
  let p2 = '';
  for (let i = 1; i < styleCount; i++) {
    if (i === 3) {
      p2 = upsampleAdd(g, c3, conv(g, w, 'latlayer1', c2, 256, 512, 1, 1, 0, true));
      features = p2;
    } else if (i === 7) {
      features = upsampleAdd(g, p2, conv(g, w, 'latlayer2', c1, 128, 512, 1, 1, 0, true));
    }
    rows.push(g.node('Add', [w0, styleBlock(g, w, `styles.${i}`, features, i < 3 ? 16 : i < 7 ? 32 : 64)]));
  }
  while (rows.length < N_WS) rows.push(w0);
  const stacked = g.node('Concat', rows.slice(0, N_WS).map((r) => g.node('Unsqueeze', [r, g.constI([1])])), { axis: attr.int(1) });
  g.output('wplus', stacked, ['B', N_WS, 512]);
  return g;
}

function basicBlock(g: GraphBuilder, w: WeightSource, key: string, x: string, inC: number, outC: number, stride: number): string {
  const idt = stride !== 1 || inC !== outC ? bn(g, w, `${key}.downsample.1`, conv(g, w, `${key}.downsample.0`, x, inC, outC, 1, stride, 0, false), outC) : x;
  let out = g.node('Relu', [bn(g, w, `${key}.bn1`, conv(g, w, `${key}.conv1`, x, inC, outC, 3, stride, 1, false), outC)]);
  out = bn(g, w, `${key}.bn2`, conv(g, w, `${key}.conv2`, out, outC, outC, 3, 1, 1, false), outC);
  return g.node('Relu', [g.node('Add', [out, idt])]);
}

/** `w` reads FairFace's state dict (prefix 'module.' when it was saved from DataParallel). */
export function buildFairFace(w: WeightSource): GraphBuilder {
  const g = new GraphBuilder('attributes', { docString: 'FairFace ResNet-34, image -> race/gender/age logits (converted by Kinship Studio)' });
  const image = g.input('image', ['B', 3, 224, 224]);
  // ((x·½ + ½) − mean) / std per channel, as one multiply-add.
  const mean = [0.485, 0.456, 0.406];
  const std = [0.229, 0.224, 0.225];
  const a = g.initializer(Float32Array.from(std.map((s) => 0.5 / s)), [1, 3, 1, 1]);
  const b = g.initializer(Float32Array.from(mean.map((m, i) => (0.5 - m) / std[i]!)), [1, 3, 1, 1]);
  let x = g.node('Add', [g.node('Mul', [image, a]), b]);
  x = g.node('Relu', [bn(g, w, 'bn1', conv(g, w, 'conv1', x, 3, 64, 7, 2, 3, false), 64)]);
  x = g.node('MaxPool', [x], { kernel_shape: attr.ints([3, 3]), strides: attr.ints([2, 2]), pads: attr.ints([1, 1, 1, 1]) });
  let inC = 64;
  for (const [li, [c, n, s]] of ([
    [64, 3, 1],
    [128, 4, 2],
    [256, 6, 2],
    [512, 3, 2],
  ] as const).entries()) {
    for (let i = 0; i < n; i++) {
      x = basicBlock(g, w, `layer${li + 1}.${i}`, x, i === 0 ? inC : c, c, i === 0 ? s : 1);
    }
    inC = c;
  }
  const pooled = g.node('Reshape', [g.node('ReduceMean', [x], { axes: attr.ints([2, 3]), keepdims: attr.int(1) }), g.constI([0, 512])]);
  g.output('logits', linear(g, pooled, w.take('fc.weight', [18, 512]), w.take('fc.bias', [18]), 512, 18), ['B', 18]);
  return g;
}
