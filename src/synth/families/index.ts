import type { FamilyName, ForgeryFamily } from './family.ts';
import { graphic } from './graphic.ts';
import { reenact } from './reenact.ts';
import { swap } from './swap.ts';
import { texture } from './texture.ts';

/** The manipulation families by name, in the order datasets and reports list them. */
export const families: Readonly<Record<FamilyName, ForgeryFamily>> = { swap, reenact, graphic, texture };

export { familyNames, type FamilyName, type Forgery, type ForgeryFamily } from './family.ts';
