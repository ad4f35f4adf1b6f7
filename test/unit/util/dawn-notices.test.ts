import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withoutDawnLimitNotices } from '../../../src/util/dawn-notices.ts';
import { webGpuUnavailableReason } from '../../helpers/webgpu-adapter.ts';

const notices =
  'Warning: maxDynamicUniformBuffersPerPipelineLayout artificially reduced from 1000000 to 16 to fit dynamic offset allocation limit.\n' +
  'Warning: maxDynamicStorageBuffersPerPipelineLayout artificially reduced from 500000 to 16 to fit dynamic offset allocation limit.\n';

describe('withoutDawnLimitNotices', () => {
  it("drops Dawn's two limit-clamp lines and keeps every other line in order", () => {
    expect(withoutDawnLimitNotices(notices)).toBe('');
    expect(withoutDawnLimitNotices(`Vulkan loader: no ICD\n${notices}Warning: something else\nlast, unterminated`)).toBe(
      'Vulkan loader: no ICD\nWarning: something else\nlast, unterminated',
    );
  });
});

const missing = await webGpuUnavailableReason();
if (missing) console.warn(`skipping the Dawn stderr test: ${missing}`);

/** Runs `chooseBackend(request)` in a child whose stderr goes where `redirect` (a shell redirection) says; returns the shell's stdout. */
function chooseInChild(request: string, redirect: string): { status: number | null; stdout: string } {
  const backend = fileURLToPath(new URL('../../../src/training/backend/index.ts', import.meta.url));
  const script = `
    import { chooseBackend } from ${JSON.stringify(backend)};
    const choice = await chooseBackend(${JSON.stringify(request)});
    process.stderr.write('started ' + choice.name + ' on ' + choice.device + '\\n');
    process.exit(0);`;
  const node = [process.execPath, '--import', import.meta.resolve('tsx'), '--input-type=module', '-e', script].map(quoteForShell).join(' ');
  const run = spawnSync('sh', ['-c', `${node} ${redirect}`], { encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout };
}

describe.skipIf(missing !== null)('a process that starts the webgpu back end', () => {
  it("prints none of Dawn's limit-clamp notices on its stderr (a pipe, as under `| tee`)", () => {
    const run = chooseInChild('webgpu', '2>&1 >/dev/null | cat');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^started webgpu on .+\n$/);
    expect(run.stdout).not.toMatch(/artificially reduced/);
  });

  it("prints none of them under --backend auto with stderr a regular file (as under `> log 2>&1`)", async () => {
    const folder = await mkdtemp(join(tmpdir(), 'ftd-stderr-'));
    try {
      const log = join(folder, 'stderr.txt');
      const run = chooseInChild('auto', `2>${quoteForShell(log)} >/dev/null`);
      expect(run.status).toBe(0);
      const stderr = await readFile(log, 'utf8');
      expect(stderr).toMatch(/^started \w+ on .+\n$/);
      expect(stderr).not.toMatch(/artificially reduced/);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

function quoteForShell(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}
