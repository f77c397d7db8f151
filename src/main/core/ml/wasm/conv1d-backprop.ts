// Gradients of a 1-D convolution (tf.conv1d = Conv2D on [N, 1, L, C]) built from kernels that run on
// XNNPACK at near full speed on WASM: a forward convolution and a plain matMul. Stock
// tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter at all and a scalar-loop Conv2DBackpropInput.
//
// Forward (stride s, left padding p, K taps):  y[n,t,o] = Σ_{k,c} x[n, t·s + k − p, c] · w[k,c,o]
//
// Input gradient, polyphase: split the output rows i = q·s + r by phase r. With r + p = a·s + b, only
// taps k = b + m·s reach phase r, from dy row t = q + a − m, so dx[q·s + r] = Σ_m dy[q + a − m]·w[b + m·s]:
// a stride-1 convolution of dy with a flipped sub-filter. Putting the phases side by side in the
// output channels (filter [D, Co, s·Ci]) makes ONE convolution whose [N, Q, s·Ci] result already is
// the interleaved [N, Q·s, Ci] gradient: no zeros are inserted into dy and none are multiplied.
//
// Filter gradient: dw[k,c,o] = Σ_{n,t} x[n, t·s + k − p, c] · dy[n,t,o] is one plain matMul
// [K·Ci, N·T] · [N·T, Co], the left side an im2col of the transposed x, the right side dy as it is.
// (matMul with transposeA leaves XNNPACK and runs ~25× slower; we never ask for it.)
import * as tf from '@tensorflow/tfjs';
import { copyRows, type Info, withScope } from './kernel-scope';

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

interface Phase {
  r: number; // output phase: rows q·s + r
  b: number; // first tap reaching it
  a: number; // dy row offset
  taps: number; // taps b, b+s, ... below K
}

/** dx for a 1-D convolution; `info` describes the forward convolution. */
export function conv1dInputGrad(backend: unknown, dy: Info, filter: Info, info: Conv2DInfo): Info {
  return withScope(backend, (scope) => {
    const s = info.strideWidth;
    const p = info.padInfo.left;
    const { batchSize: N, inWidth: L, inChannels: Ci, outWidth: T, filterWidth: K, outChannels: Co } = info;
    const phases: Phase[] = [];
    for (let r = 0; r < s; r++) {
      const b = (r + p) % s;
      if (b < K) phases.push({ r, b, a: Math.floor((r + p) / s), taps: Math.ceil((K - b) / s) });
    }
    const P = phases.length;
    // Sub-filter tap m of a phase sits at offset a − m from dy row q; all offsets in [dMin, dMax].
    const dMin = Math.min(...phases.map((f) => f.a - f.taps + 1));
    const dMax = Math.max(...phases.map((f) => f.a));
    const D = dMax - dMin + 1;

    // Filter [1, D, Co, P·Ci]: slot (e = a − m − dMin, phase i) holds w[b + m·s] transposed to [Co, Ci].
    const wT = scope.run('Transpose', { x: scope.reshape(filter, [K, Ci, Co]) }, { perm: [0, 2, 1] });
    const w = scope.alloc([1, D, Co, P * Ci]);
    const used = phases.reduce((sum, f) => sum + f.taps, 0);
    // Output row u of the convolution is phase row q = u − u0; dy is padded by padL on the left.
    const padL = Math.max(0, -dMin);
    const u0 = dMin + padL;
    const Q = Math.ceil(L / s);
    const padR = Math.max(0, u0 + Q - T - padL + D - 1);
    const U = T + padL + padR - D + 1;
    const direct = P === s && u0 === 0 && U * s === L;
    const dx = direct ? null : scope.alloc([N, 1, L, Ci]);

    const src = scope.view(wT);
    const dst = scope.view(w);
    if (used < D * P) dst.fill(0);
    phases.forEach((f, i) => {
      for (let m = 0; m < f.taps; m++) {
        const e = f.a - m - dMin;
        const k = f.b + m * s;
        copyRows(src, k * Co * Ci, Ci, dst, (e * Co * P + i) * Ci, P * Ci, Co, Ci);
      }
    });
    const y = scope.run(
      'Conv2D',
      { x: dy, filter: w },
      { strides: [1, 1], pad: [[0, 0], [0, 0], [padL, padR], [0, 0]], dataFormat: 'NHWC', dilations: [1, 1] }
    ); // [N, 1, U, P·Ci]
    if (dx === null) return scope.reshape(y, [N, 1, L, Ci]);

    const yv = scope.view(y);
    const dxv = scope.view(dx);
    if (P === s) {
      // Every phase present: each batch row of dx is one contiguous block of y.
      copyRows(yv, u0 * s * Ci, U * s * Ci, dxv, 0, L * Ci, N, L * Ci);
      return dx;
    }
    dxv.fill(0); // phases no tap reaches (K < s) get no gradient
    for (let n = 0; n < N; n++) {
      for (let q = 0; q < Q; q++) {
        phases.forEach((f, i) => {
          const row = q * s + f.r;
          if (row >= L) return;
          const from = ((n * U + u0 + q) * P + i) * Ci;
          dxv.set(yv.subarray(from, from + Ci), (n * L + row) * Ci);
        });
      }
    }
    return dx;
  });
}

/** dw as one plain matMul: im2col of x ([K·Ci, N·T], from the transposed x) times dy [N·T, Co]. */
export function conv1dFilterGrad(backend: unknown, x: Info, dy: Info, info: Conv2DInfo): Info {
  return withScope(backend, (scope) => {
    const s = info.strideWidth;
    const p = info.padInfo.left;
    const { batchSize: N, inWidth: L, inChannels: Ci, outWidth: T, filterWidth: K, outChannels: Co } = info;
    const xT = scope.run('Transpose', { x }, { perm: [3, 0, 1, 2] }); // [Ci, N, 1, L]
    const col = scope.alloc([1, K * Ci, N * T]);
    im2col(scope.view(xT), scope.view(col), { N, L, Ci, T, K, s, p });
    const g = scope.run(
      'BatchMatMul',
      { a: col, b: scope.reshape(dy, [1, N * T, Co]) },
      { transposeA: false, transposeB: false }
    ); // [1, K·Ci, Co] — already tf's [1, K, Ci, Co] layout
    return scope.reshape(g, [1, K, Ci, Co]);
  });
}

interface ColShape {
  N: number;
  L: number;
  Ci: number;
  T: number;
  K: number;
  s: number;
  p: number;
}

/** col[(k·Ci + c)][n·T + t] = xT[c][n][t·s + k − p], zero outside [0, L). */
function im2col(src: Float32Array, dst: Float32Array, { N, L, Ci, T, K, s, p }: ColShape): void {
  for (let k = 0; k < K; k++) {
    const t0 = Math.min(T, Math.max(0, Math.ceil((p - k) / s)));
    const t1 = Math.max(t0, Math.min(T, Math.floor((L - 1 + p - k) / s) + 1));
    for (let c = 0; c < Ci; c++) {
      for (let n = 0; n < N; n++) {
        const d = ((k * Ci + c) * N + n) * T;
        const r = (c * N + n) * L + k - p;
        if (t0 > 0) dst.fill(0, d, d + t0);
        if (t1 < T) dst.fill(0, d + t1, d + T);
        if (s === 1) {
          dst.set(src.subarray(r + t0, r + t1), d + t0);
        } else {
          for (let t = t0; t < t1; t++) dst[d + t] = src[r + t * s];
        }
      }
    }
  }
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
