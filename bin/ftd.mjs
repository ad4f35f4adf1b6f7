#!/usr/bin/env node
// The CLI runs straight from the TypeScript sources (tsx's loader), so `npm ci` needs no build step and
// `npx ftd` always runs the code in the checkout.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
