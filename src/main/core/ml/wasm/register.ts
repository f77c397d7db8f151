// Registers SensorLab's fast kernels for tfjs-backend-wasm. Kernels are registered for 'wasm' only;
// the one gradient we override dispatches on the active backend, so every other backend keeps
// TensorFlow.js's stock behaviour.
import * as tf from '@tensorflow/tfjs';
import { batchNormGradKernel, fusedBatchNormGradConfig } from './batchnorm-grad';
import { conv2dBackpropFilterConfig, conv2dBackpropInputConfig } from './conv1d-backprop';
import { tileKernelConfig } from './tile';

const MARK = Symbol.for('sensorlab.fastWasmKernel');
type Marked = tf.KernelConfig & { [MARK]?: true };
type MarkedGrad = tf.GradConfig & { [MARK]?: true };

/** Replaces (or adds) one wasm kernel, keeping the stock one for the shapes we do not handle. */
function install(name: string, make: (stock: tf.KernelConfig | undefined) => tf.KernelConfig): void {
  const current = tf.getKernel(name, 'wasm') as Marked | undefined;
  if (current?.[MARK]) return;
  if (current) tf.unregisterKernel(name, 'wasm');
  const config: Marked = { ...make(current), [MARK]: true };
  tf.registerKernel(config);
}

/**
 * Overrides a gradient for all backends with one that dispatches on the active backend (the
 * override itself falls back to `stock` off 'wasm').
 */
function installGradient(name: string, make: (stock: tf.GradConfig) => tf.GradConfig): void {
  const current = tf.getGradient(name) as MarkedGrad | undefined;
  if (!current || current[MARK]) return;
  const config: MarkedGrad = { ...make(current), [MARK]: true };
  tf.registerGradient(config);
}

/** The kernel names this module provides for 'wasm'. */
export const FAST_WASM_KERNELS = ['Conv2DBackpropInput', 'Conv2DBackpropFilter', 'Tile', 'SensorLabFusedBatchNormGrad'] as const;

/**
 * Registers the fast WASM kernels. Idempotent; call after the wasm backend has loaded (stock
 * kernels' setup functions have run by then; ours reuse them for the shapes we pass on).
 */
export function registerFastWasmKernels(): void {
  install('Conv2DBackpropInput', conv2dBackpropInputConfig);
  install('Conv2DBackpropFilter', conv2dBackpropFilterConfig);
  install('Tile', tileKernelConfig);
  install(batchNormGradKernel.kernelName, () => batchNormGradKernel);
  installGradient('FusedBatchNorm', fusedBatchNormGradConfig);
}

/** True when `name` on 'wasm' is ours. */
export function isFastWasmKernel(name: string): boolean {
  return Boolean((tf.getKernel(name, 'wasm') as Marked | undefined)?.[MARK]);
}
