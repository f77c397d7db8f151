// Entry of the ML worker thread (built to out/main/ml-worker.js): owns TensorFlow.js.
import { runMlWorker } from '../core/ml/worker-main';

runMlWorker();
