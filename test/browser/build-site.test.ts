import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../src/runtime-node/web-server/build-site.ts';

describe('the on-demand page build', () => {
  let cacheRoot: string;
  beforeAll(async () => {
    cacheRoot = await mkdtemp(join(tmpdir(), 'ftd-web-cache-'));
  });
  afterAll(async () => rm(cacheRoot, { recursive: true, force: true }));

  it('builds the pages once, then reuses the build while its inputs are unchanged', async () => {
    const first = await buildSite({ cacheRoot });
    expect(first.built).toBe(true);
    expect((await readdir(first.folder)).sort()).toEqual(expect.arrayContaining(['demo.css', 'demo.js', 'harness.html', 'harness.js', 'index.html', 'photos.css', 'photos.html', 'photos.js', 'photos.json']));
    expect(await readFile(join(first.folder, 'index.html'), 'utf8')).toContain('src="demo.js"');
    expect(await readFile(join(first.folder, 'photos.html'), 'utf8')).toContain('href="photos.css"');
    // The pages' shared rules, bundled into each page's stylesheet.
    for (const css of ['demo.css', 'photos.css']) expect(await readFile(join(first.folder, css), 'utf8')).toContain('#drop.dragging');

    const second = await buildSite({ cacheRoot });
    expect(second).toEqual({ folder: first.folder, built: false });
  });

  it('rebuilds when a recorded input no longer matches, leaving no staging folder behind', async () => {
    const recordFile = join(cacheRoot, 'latest.json');
    const record = JSON.parse(await readFile(recordFile, 'utf8')) as { key: string; inputs: Record<string, string> };
    const inputs = Object.keys(record.inputs);
    expect(inputs).toEqual(expect.arrayContaining(['src/runtime-web/create-detector.ts', 'src/runtime-web/demo/index.html', 'src/runtime-web/demo/page.css', 'src/runtime-web/photos/index.html', 'src/runtime-node/web-server/site-build-options.ts']));
    record.inputs['src/runtime-web/create-detector.ts'] = '0'.repeat(64);
    await writeFile(recordFile, JSON.stringify(record));

    const rebuilt = await buildSite({ cacheRoot });
    expect(rebuilt.built).toBe(true);
    // Same sources, same content key: the new build lands in the same folder.
    expect(rebuilt.folder).toBe(join(cacheRoot, record.key));
    expect((await readdir(cacheRoot)).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });
});
