import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromiumMissingReason, findChromium } from '../../src/runtime-node/web-server/chromium.ts';

/** The model the browser tests run: the committed tiny export, or another folder named by $FTD_TEST_MODEL. */
export const testModel = process.env.FTD_TEST_MODEL ?? fileURLToPath(new URL('../../fixtures/model-tiny', import.meta.url));

export const modelSkipReason = existsSync(`${testModel}/model.json`) ? undefined : `${testModel}/model.json is missing (export the tiny fixture model, or set FTD_TEST_MODEL)`;

/** Why the Chromium tests cannot run here, or undefined. */
export function browserSkipReason(): string | undefined {
  return modelSkipReason ?? (findChromium() ? undefined : chromiumMissingReason());
}

export function warnSkip(reason: string | undefined, what: string): void {
  if (reason !== undefined) console.warn(`skipping ${what}: ${reason}`);
}
