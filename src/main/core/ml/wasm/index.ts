// Fast training and inference on tfjs-backend-wasm: 1-D convolution gradients and BatchNorm's
// gradient built on XNNPACK-speed kernels, a block-copy Tile, and XNNPACK threads under Node.
export { FAST_WASM_KERNELS, isFastWasmKernel, registerFastWasmKernels } from './register';
export { initWasmBackend, type WasmInitOptions, type WasmInitResult } from './backend-init';
export { canUseWasmThreads, defaultWasmThreads, prepareWasmThreads, wasmThreadsInUse, type ThreadPatch } from './wasm-threads';
export { conv1dFilterGrad, conv1dInputGrad, isConv1d } from './conv1d-backprop';
