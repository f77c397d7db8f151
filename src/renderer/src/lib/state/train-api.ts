// Typed calls of the ML slice of the contract (src/shared/api/ml.ts), through the app's one client
// transport. Typed from `mlApi` directly, so the Train view compiles whether or not the slice is
// already spread into `requests` in src/shared/contract.ts.
import type { z } from 'zod';
import type { mlApi } from '../../../../shared/api/ml';
import { api, ApiError } from '../api';

type MlApi = typeof mlApi;
export type MlName = keyof MlApi;
export type MlInput<N extends MlName> = z.input<MlApi[N]['input']>;
export type MlOutput<N extends MlName> = z.output<MlApi[N]['output']>;

export async function mlCall<N extends MlName>(name: N, input: MlInput<N>): Promise<MlOutput<N>> {
  const env = await api.transport.invoke(name, input);
  if (!env.ok) throw new ApiError(env.error);
  return env.value as MlOutput<N>;
}

/** A readable message of a failed call (validation errors carry their issues in details). */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'UNKNOWN_METHOD') return `${err.message}: the server has no training handlers in this build`;
    const issues = (err.details as { issues?: Array<{ path?: string; message?: string }> } | undefined)?.issues;
    if (err.code === 'BAD_REQUEST' && Array.isArray(issues) && issues.length > 1) {
      return issues.map((i) => `${i.path ?? 'input'}: ${i.message ?? ''}`).join('; ');
    }
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}
