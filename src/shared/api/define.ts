// Helpers for declaring a slice of the API contract: each request has an input and an output schema.
import type { z } from 'zod';

export interface RequestSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** One line for `--help` and docs. */
  summary: string;
}

export function request<I extends z.ZodType, O extends z.ZodType>(
  input: I,
  output: O,
  summary: string
): RequestSpec<I, O> {
  return { input, output, summary };
}

export type ApiSlice = Record<string, RequestSpec>;
