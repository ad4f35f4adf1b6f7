import type { Browser, Page } from 'playwright-core';
import type { ParityReport } from '../../runtime-common/run-parity.ts';
import type { Harness, HarnessBenchRequest, HarnessBenchResult, HarnessParityRequest } from '../../runtime-web/harness/harness.ts';
import { buildSite } from './build-site.ts';
import { launchChromium } from './chromium.ts';
import { startWebServer } from './web-server.ts';

/** One Chromium that runs the harness page (src/runtime-web/harness) against model folders. */
export interface BrowserHarness {
  parity(model: string, request: HarnessParityRequest): Promise<ParityReport & { threads: number }>;
  bench(model: string, request: HarnessBenchRequest): Promise<HarnessBenchResult>;
  /** undefined when the browser offers a WebGPU adapter, else why not. */
  webGpuUnavailableReason(): Promise<string | undefined>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** How long one page may run before it counts as hung; SwiftShader's WebGPU is slow, hence minutes. */
  readonly timeoutMs?: number;
}

/**
 * Launches Chromium and builds the pages once; each call then serves its model folder on a free port and runs
 * in a fresh browser context, because onnxruntime-web fixes its wasm thread count once per page.
 */
export async function openBrowserHarness(options: HarnessOptions = {}): Promise<BrowserHarness> {
  const timeoutMs = options.timeoutMs ?? 600_000;
  const { folder: site } = await buildSite();
  const browser = await launchChromium();
  const onPage = <T>(model: string | undefined, what: string, action: (harness: Page) => Promise<T>) => runOnPage(browser, site, model, what, timeoutMs, action);
  return {
    // The evaluated functions are sent to the page as source text, so they name the harness inline.
    parity: (model, request) => onPage(model, `parity on ${request.runtime}`, (page) => page.evaluate((r) => (globalThis as unknown as PageGlobal).ftdHarness.parity(r), request)),
    bench: (model, request) => onPage(model, `benchmark on ${request.ep}`, (page) => page.evaluate((r) => (globalThis as unknown as PageGlobal).ftdHarness.bench(r), request)),
    webGpuUnavailableReason: async () => {
      const available = await onPage(undefined, 'WebGPU probe', (page) => page.evaluate(() => (globalThis as unknown as PageGlobal).ftdHarness.webGpuAdapterAvailable()));
      return available ? undefined : `Chromium ${browser.version()} offers no WebGPU adapter here (launched with --enable-unsafe-webgpu)`;
    },
    close: () => browser.close(),
  };
}

/** The page's global scope, where harness.ts installs the harness. */
interface PageGlobal {
  ftdHarness: Harness;
}

async function runOnPage<T>(browser: Browser, site: string, model: string | undefined, what: string, timeoutMs: number, action: (page: Page) => Promise<T>): Promise<T> {
  const server = await startWebServer({ site, model });
  const context = await browser.newContext();
  const problems: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  try {
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => void (message.type() === 'error' && problems.push(`${message.text()} at ${message.location().url}`)));
    await page.goto(`${server.url}harness.html`);
    await page.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: 30_000 });
    const hung = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`did not finish in ${timeoutMs / 1000} s (a hang in session creation usually means a response lacked the COOP/COEP headers)`)), timeoutMs);
    });
    return await Promise.race([action(page), hung]);
  } catch (error) {
    const details = problems.length > 0 ? ` (browser console: ${problems.slice(-3).join(' / ')})` : '';
    throw new Error(`Chromium ${what}: ${(error as Error).message.replace(/^page\.evaluate: (Error: )?/, '')}${details}`);
  } finally {
    clearTimeout(timer);
    await context.close();
    await server.close();
  }
}
