// An MlHost that loads TensorFlow.js in this process (CLI `info`, tests).
import type { BackendInfo } from '../../../shared/domain';
import type { MlHost } from '../context';
import { loadTf } from './tf-loaders';

export class InProcessMl implements MlHost {
  private info: BackendInfo | null = null;

  async backend(): Promise<BackendInfo> {
    const { selection } = await loadTf();
    this.info = selection.info;
    return selection.info;
  }

  current(): BackendInfo | null {
    return this.info;
  }

  async close(): Promise<void> {}
}
