/**
 * 1-D ResNets in the torchvision resnet.py layout: stem, four stages of basic or bottleneck blocks made
 * by makeLayer, global average pooling. The classifier head is added by buildModel (index.ts).
 *
 * Layer names (mapped from PyTorch state_dict keys in torch-weights.ts):
 *   stem_conv, stem_bn, stem_relu, stem_pool
 *   layer{stage 1..4}_{block}_conv1 / _bn1 / _relu1 / _conv2 / _bn2 [/ _relu2 / _conv3 / _bn3]
 *   layer{s}_{b}_short_conv / _short_bn (projection shortcut), layer{s}_{b}_add, layer{s}_{b}_out
 *   gap
 * Explicit padding layers are named `${conv}_pad` (+ `_pad_2d`, `_pad_1d` reshapes).
 */
import { EXPANSION, RESNET_DEPTHS, type ResNetArch } from './config';
import { add, batchNorm, BuildContext, conv1d, globalAvgPool, maxPool1dAfterRelu, relu, type ST } from './layers-1d';

/** One block: input, its channel count, planes, stride; returns the output tensor. */
type BlockFn = (ctx: BuildContext, x: ST, prefix: string, cin: number, planes: number, stride: number) => ST;

/** torchvision's conv3x3 / conv1x1 helpers, 1-D: 3-tap conv with padding 1, 1-tap conv; no bias. */
function conv3(ctx: BuildContext, x: ST, name: string, planes: number, stride = 1): ST {
  return conv1d(ctx, x, { name, filters: planes, kernel: 3, stride, padding: 1 });
}
function conv1(ctx: BuildContext, x: ST, name: string, planes: number, stride = 1): ST {
  return conv1d(ctx, x, { name, filters: planes, kernel: 1, stride });
}

/** Projection shortcut (1x1 conv, stride s, no bias -> BN) when the shape changes, else identity. */
function shortcut(ctx: BuildContext, x: ST, prefix: string, cin: number, cout: number, stride: number): ST {
  if (stride === 1 && cin === cout) return x;
  const s = conv1(ctx, x, `${prefix}_short_conv`, cout, stride);
  return batchNorm(s, `${prefix}_short_bn`);
}

/** conv3(stride)-BN-ReLU-conv3-BN, + shortcut, ReLU. */
export const basicBlock: BlockFn = (ctx, x, prefix, cin, planes, stride) => {
  let y = conv3(ctx, x, `${prefix}_conv1`, planes, stride);
  y = relu(batchNorm(y, `${prefix}_bn1`), `${prefix}_relu1`);
  y = conv3(ctx, y, `${prefix}_conv2`, planes);
  y = batchNorm(y, `${prefix}_bn2`);
  const s = shortcut(ctx, x, prefix, cin, planes * EXPANSION.basic, stride);
  return relu(add(y, s, `${prefix}_add`), `${prefix}_out`);
};

/** conv1x1-BN-ReLU-conv3(stride)-BN-ReLU-conv1x1(x4)-BN, + shortcut, ReLU (stride on the 3-tap conv). */
export const bottleneckBlock: BlockFn = (ctx, x, prefix, cin, planes, stride) => {
  const out = planes * EXPANSION.bottleneck;
  let y = conv1(ctx, x, `${prefix}_conv1`, planes);
  y = relu(batchNorm(y, `${prefix}_bn1`), `${prefix}_relu1`);
  y = conv3(ctx, y, `${prefix}_conv2`, planes, stride);
  y = relu(batchNorm(y, `${prefix}_bn2`), `${prefix}_relu2`);
  y = conv1(ctx, y, `${prefix}_conv3`, out);
  y = batchNorm(y, `${prefix}_bn3`);
  const s = shortcut(ctx, x, prefix, cin, out, stride);
  return relu(add(y, s, `${prefix}_add`), `${prefix}_out`);
};

/** Stage `stage` (1-based) of `blocks` blocks; the first block carries the stride. Returns [out, channels]. */
export function makeLayer(
  ctx: BuildContext, x: ST, block: BlockFn, expansion: number,
  stage: number, cin: number, planes: number, blocks: number, stride: number
): [ST, number] {
  let y = x;
  let c = cin;
  for (let j = 0; j < blocks; j++) {
    y = block(ctx, y, `layer${stage}_${j}`, c, planes, j === 0 ? stride : 1);
    c = planes * expansion;
  }
  return [y, c];
}

/** Conv1d(c_in, w, 7, stride 2, padding 3, no bias) -> BN -> ReLU -> MaxPool1d(3, 2, 1). */
export function stem(ctx: BuildContext, x: ST, width: number): ST {
  let y = conv1d(ctx, x, { name: 'stem_conv', filters: width, kernel: 7, stride: 2, padding: 3 });
  y = relu(batchNorm(y, 'stem_bn'), 'stem_relu');
  return maxPool1dAfterRelu(y, 3, 2, 1, 'stem_pool');
}

/** Stem, stages of widths w, 2w, 4w, 8w with strides 1, 2, 2, 2, global average pool. */
export function resnetFeatures(ctx: BuildContext, input: ST, arch: ResNetArch, width: number): ST {
  const depth = RESNET_DEPTHS[arch];
  const block = depth.block === 'basic' ? basicBlock : bottleneckBlock;
  const expansion = EXPANSION[depth.block];
  let y = stem(ctx, input, width);
  let c = width;
  depth.counts.forEach((n, i) => {
    [y, c] = makeLayer(ctx, y, block, expansion, i + 1, c, width * 2 ** i, n, i === 0 ? 1 : 2);
  });
  return globalAvgPool(y, 'gap');
}

/** Maps the flat PyTorch block index (`blocks.{i}`) to [stage 1..4, index within the stage]. */
export function blockPosition(arch: ResNetArch, flatIndex: number): [number, number] | null {
  let rest = flatIndex;
  const counts = RESNET_DEPTHS[arch].counts;
  for (let s = 0; s < counts.length; s++) {
    if (rest < counts[s]) return [s + 1, rest];
    rest -= counts[s];
  }
  return null;
}
