import { NODE_EPS, type NodeEpRequest } from '../runtime-node/node-session.ts';

/** The values of every `--ep` flag: node-session's own list, so a new EP needs no edit here. */
export const epChoices: NodeEpRequest[] = ['auto', ...NODE_EPS];

/** The order `--ep auto` tries, for help texts. */
export const autoEpOrder = `auto: ${NODE_EPS.join(', then ')}`;
