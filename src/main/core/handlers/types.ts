import type { ParsedInput, RequestName, RequestOutput } from '../../../shared/contract';

export type Handler<N extends RequestName> = (input: ParsedInput<N>) => Promise<RequestOutput<N>> | RequestOutput<N>;
export type HandlerMap<Names extends RequestName> = { [N in Names]: Handler<N> };
export type Handlers = HandlerMap<RequestName>;
