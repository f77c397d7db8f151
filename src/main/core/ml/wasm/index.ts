// SensorLab's fast kernels for tfjs-backend-wasm. Registered for the 'wasm' backend only; every
// other backend keeps TensorFlow.js's stock kernels.
import * as tf from '@tensorflow/tfjs';
import { conv2dBackpropFilterConfig, conv2dBackpropInputConfig } from './conv1d-backprop';

export { conv1dFilterGrad, conv1dInputGrad, isConv1d } from './conv1d-backprop';

const MARK = Symbol.for('sensorlab.fastWasmKernel');
type Marked = tf.KernelConfig & { [MARK]?: true };

/** Replaces (or adds) one wasm kernel, keeping the stock one for the shapes we do not handle. */
function install(name: string, make: (stock: tf.KernelConfig | undefined) => tf.KernelConfig): void {
  const current = tf.getKernel(name, 'wasm') as Marked | undefined;
  if (current?.[MARK]) return;
  if (current) tf.unregisterKernel(name, 'wasm');
  const config: Marked = { ...make(current), [MARK]: true };
  tf.registerKernel(config);
}

/** The kernel names this module provides for 'wasm'. */
export const FAST_WASM_KERNELS = ['Conv2DBackpropInput', 'Conv2DBackpropFilter'] as const;

/**
 * Registers the fast WASM kernels. Idempotent; call after the wasm backend has loaded (stock
 * kernels' setup functions have run by then; ours reuse them for the shapes we pass on).
 */
export function registerFastWasmKernels(): void {
  install('Conv2DBackpropInput', conv2dBackpropInputConfig);
  install('Conv2DBackpropFilter', conv2dBackpropFilterConfig);
}

/** True when `name` on 'wasm' is ours. */
export function isFastWasmKernel(name: string): boolean {
  return Boolean((tf.getKernel(name, 'wasm') as Marked | undefined)?.[MARK]);
}
