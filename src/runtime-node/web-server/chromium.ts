import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Browser } from 'playwright-core';

/** Names a Chromium build installs itself under (Debian, Ubuntu, Google's packages), tried in order on PATH. */
const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

/**
 * Quiet, offline, reproducible: no background traffic or updates to disturb timings, no sandbox (containers
 * and CI run as root), and WebGPU's adapters enabled (on a machine without a GPU Chromium offers SwiftShader's).
 */
export const chromiumArguments = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--enable-unsafe-webgpu',
];

/**
 * The Chromium to drive: $FTD_CHROMIUM when set (and nothing else, so a wrong setting is not silently
 * replaced by another browser), else the first Chromium on PATH; undefined when there is none.
 */
export function findChromium(): string | undefined {
  const chosen = process.env.FTD_CHROMIUM;
  if (chosen) return executable(chosen) ? chosen : undefined;
  const folders = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  return folders.flatMap((folder) => CHROMIUM_NAMES.map((name) => join(folder, name))).find(executable);
}

/** Why no Chromium can be found, for skip messages. */
export function chromiumMissingReason(): string {
  const chosen = process.env.FTD_CHROMIUM;
  if (chosen) return `FTD_CHROMIUM is set to ${chosen}, which is not an executable file`;
  return `no Chromium found: looked for ${CHROMIUM_NAMES.join(', ')} on PATH; install one (Debian: apt-get install chromium) or set FTD_CHROMIUM to its executable`;
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Launches the system's Chromium headless through playwright-core (which never downloads a browser of its own). */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(chromiumMissingReason());
  const { chromium } = await import('playwright-core');
  try {
    return await chromium.launch({ executablePath, headless: true, args: chromiumArguments });
  } catch (error) {
    throw new Error(`Chromium at ${executablePath} could not start: ${(error as Error).message.split('\n')[0]}`);
  }
}
