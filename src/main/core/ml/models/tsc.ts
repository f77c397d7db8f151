/**
 * Time-series ResNet of Wang et al. 2017 ("tsc"), as the Keras reference dl-4-tsc and the PyTorch
 * reference: three blocks of conv8-BN-ReLU, conv5-BN-ReLU, conv3-BN with 'same' padding (kernel 8 pads
 * 3 left, 4 right, exactly as tfjs 'same' at stride 1), widths w, 2w, 2w; shortcut 1x1 conv + BN where the
 * width changes, else BN alone; ReLU after the add; global average pool. Convolutions carry biases.
 *
 * Layer names: tsc{1..3}_c1 / _b1 / _r1 / _c2 / _b2 / _r2 / _c3 / _b3, tsc{n}_short_conv, tsc{n}_short_bn,
 * tsc{n}_add, tsc{n}_out, gap.
 */
import { add, batchNorm, BuildContext, conv1d, globalAvgPool, relu, type ST } from './layers-1d';

export const TSC_KERNELS = [8, 5, 3] as const;

export function tscBlock(ctx: BuildContext, x: ST, prefix: string, cin: number, width: number): ST {
  let y = x;
  TSC_KERNELS.forEach((k, i) => {
    const n = i + 1;
    y = conv1d(ctx, y, { name: `${prefix}_c${n}`, filters: width, kernel: k, padding: 'same', bias: true });
    y = batchNorm(y, `${prefix}_b${n}`);
    if (n < TSC_KERNELS.length) y = relu(y, `${prefix}_r${n}`);
  });
  const s = cin !== width
    ? batchNorm(conv1d(ctx, x, { name: `${prefix}_short_conv`, filters: width, kernel: 1, bias: true }), `${prefix}_short_bn`)
    : batchNorm(x, `${prefix}_short_bn`);
  return relu(add(y, s, `${prefix}_add`), `${prefix}_out`);
}

/** The three blocks (channels -> w -> 2w -> 2w) and the global average pool. */
export function tscFeatures(ctx: BuildContext, input: ST, channels: number, width: number): ST {
  const widths = [width, 2 * width, 2 * width];
  let y = input;
  let c = channels;
  widths.forEach((w, i) => {
    y = tscBlock(ctx, y, `tsc${i + 1}`, c, w);
    c = w;
  });
  return globalAvgPool(y, 'gap');
}
