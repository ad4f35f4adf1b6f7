import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withoutDawnLimitNotices } from '../../../../src/training/backend/dawn-notices.ts';
import { webGpuUnavailableReason } from '../../../helpers/webgpu-adapter.ts';

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

describe.skipIf(missing !== null)('a process that starts the webgpu back end', () => {
  it("prints none of Dawn's limit-clamp notices on its stderr (a pipe, as under `| tee`)", () => {
    const backend = fileURLToPath(new URL('../../../../src/training/backend/index.ts', import.meta.url));
    const script = `
      import { chooseBackend } from ${JSON.stringify(backend)};
      const choice = await chooseBackend('webgpu');
      process.stderr.write('started on ' + choice.device + '\\n');
      process.exit(0);`;
    const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;
    const node = [process.execPath, '--import', import.meta.resolve('tsx'), '--input-type=module', '-e', script].map(quote).join(' ');
    const run = spawnSync('sh', ['-c', `${node} 2>&1 >/dev/null | cat`], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^started on .+\n$/);
    expect(run.stdout).not.toMatch(/artificially reduced/);
  });
});
