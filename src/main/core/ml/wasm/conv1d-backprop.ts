// Gradients of a 1-D convolution (tf.conv1d = Conv2D on [N, 1, L, C]) built from XNNPACK forward
// convolutions, which run near full speed on WASM. Stock tfjs-backend-wasm 4.22 has no
// Conv2DBackpropFilter at all and a scalar-loop Conv2DBackpropInput.
//
// Forward (stride s, left padding p, K taps):  y[n,t,o] = Σ_{k,c} x[n, t·s + k − p, c] · w[k,c,o]
//
// Input gradient, polyphase: write j = i + p = q·s + r (r = phase). Only taps k = r + m·s reach
// phase r, and t = q − m, so dx[q·s + r − p] = Σ_m dy[q − m] · w[r + m·s]: for every phase a stride-1
// convolution of dy with the flipped sub-filter. Putting the s phases side by side in the output
// channels ([Kq, Co, s·Ci] filter) makes ONE convolution whose [N, Q, s·Ci] result is already the
// interleaved [N, Q·s, Ci] gradient; a crop of p rows finishes it. No zeros are multiplied.
//
// Filter gradient: dw[k,c,o] = Σ_{n,t} x[n, t·s + k − p, c] · dy[n,t,o] is itself a convolution
// with the batch as channels: input x as [Ci, 1, L, N], "filter" dy as [1, T, N, Co], dilation s,
// padding p, output [Ci, 1, K, Co] — then transposed to tf's [1, K, Ci, Co].
import * as tf from '@tensorflow/tfjs';
import { copyRows, type Info, withScope, type WasmKernelScope } from './kernel-scope';

type Conv2DInfo = tf.backend_util.Conv2DInfo;
type Shape4 = [number, number, number, number];

/** True when the convolution is a 1-D one this module handles (channels-last, height 1, no dilation). */
export function isConv1d(info: Conv2DInfo): boolean {
  return (
    info.dataFormat === 'channelsLast' &&
    info.inHeight === 1 &&
    info.filterHeight === 1 &&
    info.dilationWidth === 1 &&
    info.padInfo.top === 0 &&
    info.padInfo.bottom === 0 &&
    info.padInfo.left >= 0 &&
    info.padInfo.right >= 0
  );
}

export function convInfoFor(
  inShape: number[],
  filterShape: number[],
  attrs: tf.NamedAttrMap
): Conv2DInfo {
  const { strides, pad, dataFormat, dimRoundingMode } = attrs as unknown as {
    strides: number | [number, number];
    pad: 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
    dataFormat: 'NHWC' | 'NCHW';
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
  };
  return tf.backend_util.computeConv2DInfo(
    inShape as Shape4,
    filterShape as Shape4,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    tf.backend_util.convertConv2DDataFormat(dataFormat)
  );
}

/**
 * The polyphase filter for the input gradient: w [K, Ci, Co] -> [1, Kq, Co, s·Ci] with
 * out[Kq−1−m][o][r][c] = w[m·s + r][c][o] (zero where m·s + r ≥ K).
 */
function polyphaseFilter(scope: WasmKernelScope, filter: Info, stride: number): Info {
  const [, K, Ci, Co] = filter.shape;
  const kq = Math.ceil(K / stride);
  // Transpose to [K, Co, Ci] on XNNPACK-backed C++, then move whole Ci rows into place here.
  const wT = scope.run('Transpose', { x: scope.reshape(filter, [K, Ci, Co]) }, { perm: [0, 2, 1] });
  const out = scope.alloc([1, kq, Co, stride * Ci]);
  const src = scope.view(wT);
  const dst = scope.view(out);
  if (kq * stride > K) dst.fill(0);
  for (let m = 0; m < kq; m++) {
    for (let r = 0; r < stride; r++) {
      const k = m * stride + r;
      if (k >= K) continue;
      // Co rows of Ci floats: from wT[k][o][:] to out[kq-1-m][o][r][:].
      copyRows(src, k * Co * Ci, Ci, dst, ((kq - 1 - m) * Co * stride + r) * Ci, stride * Ci, Co, Ci);
    }
  }
  return out;
}

/** dx for a 1-D convolution; `info` describes the forward convolution. */
export function conv1dInputGrad(backend: unknown, dy: Info, filter: Info, info: Conv2DInfo): Info {
  return withScope(backend, (scope) => {
    const s = info.strideWidth;
    const p = info.padInfo.left;
    const { batchSize: N, inWidth: L, inChannels: Ci, outWidth: T, filterWidth: K } = info;
    const kq = Math.ceil(K / s);
    const q = Math.ceil((p + L) / s); // phase rows needed to cover j = p .. p+L-1
    const right = Math.max(0, q - T);
    const w = polyphaseFilter(scope, filter, s);
    const y = scope.run(
      'Conv2D',
      { x: dy, filter: w },
      { strides: [1, 1], pad: [[0, 0], [0, 0], [kq - 1, right], [0, 0]], dataFormat: 'NHWC', dilations: [1, 1] }
    );
    const width = (T + right) * s; // y as [N, width, Ci]
    if (p === 0 && width === L) return scope.reshape(y, [N, 1, L, Ci]);
    const dx = scope.alloc([N, 1, L, Ci]);
    copyRows(scope.view(y), p * Ci, width * Ci, scope.view(dx), 0, L * Ci, N, L * Ci);
    return dx;
  });
}

/** dw for a 1-D convolution; `info` describes the forward convolution. */
export function conv1dFilterGrad(backend: unknown, x: Info, dy: Info, info: Conv2DInfo): Info {
  return withScope(backend, (scope) => {
    const s = info.strideWidth;
    const p = info.padInfo.left;
    const { batchSize: N, inWidth: L, inChannels: Ci, outWidth: T, filterWidth: K, outChannels: Co } = info;
    const xT = scope.run('Transpose', { x }, { perm: [3, 1, 2, 0] }); // [Ci, 1, L, N]
    const dyT = scope.run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] }); // [1, T, N, Co]
    const right = Math.max(0, K - L - p + (T - 1) * s);
    const g = scope.run(
      'Conv2D',
      { x: xT, filter: dyT },
      { strides: [1, 1], pad: [[0, 0], [0, 0], [p, right], [0, 0]], dataFormat: 'NHWC', dilations: [1, s] }
    ); // [Ci, 1, K', Co] with K' >= K
    const kOut = g.shape[2];
    const gT = scope.run('Transpose', { x: g }, { perm: [1, 2, 0, 3] }); // [1, K', Ci, Co]
    void N;
    if (kOut === K) return gT;
    const dw = scope.alloc([1, K, Ci, Co]);
    scope.view(dw).set(scope.view(gT).subarray(0, K * Ci * Co));
    return dw;
  });
}

/** Fallback-aware kernel configs; `stock` is the kernel they replace, used for other shapes. */
export function conv2dBackpropInputConfig(stock: tf.KernelConfig | undefined): tf.KernelConfig {
  return {
    kernelName: 'Conv2DBackpropInput',
    backendName: 'wasm',
    setupFunc: stock?.setupFunc,
    kernelFunc: (args) => {
      const { dy, filter } = args.inputs as { dy: Info; filter: Info };
      const inputShape = (args.attrs as { inputShape: number[] }).inputShape;
      const info = convInfoFor(inputShape, filter.shape, args.attrs ?? {});
      if (isConv1d(info)) return conv1dInputGrad(args.backend, dy, filter, info);
      if (!stock) throw new Error('Conv2DBackpropInput: only 1-D convolutions are supported on wasm');
      return stock.kernelFunc(args);
    }
  };
}

export function conv2dBackpropFilterConfig(stock: tf.KernelConfig | undefined): tf.KernelConfig {
  return {
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    setupFunc: stock?.setupFunc,
    kernelFunc: (args) => {
      const { x, dy } = args.inputs as { x: Info; dy: Info };
      const filterShape = (args.attrs as { filterShape: number[] }).filterShape;
      const info = convInfoFor(x.shape, filterShape, args.attrs ?? {});
      if (isConv1d(info)) return conv1dFilterGrad(args.backend, x, dy, info);
      if (!stock) throw new Error('Conv2DBackpropFilter: only 1-D convolutions are supported on wasm');
      return stock.kernelFunc(args);
    }
  };
}
