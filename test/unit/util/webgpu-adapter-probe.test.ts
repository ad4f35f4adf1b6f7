import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summariseAdapter } from '../../../src/util/webgpu-adapter.ts';
import { probeWebGpuAdapter, runProbe } from '../../../src/util/webgpu-adapter-probe.ts';
import { webGpuUnavailableReason } from '../../helpers/webgpu-adapter.ts';

describe('summariseAdapter', () => {
  it('describes an adapter by its description, else vendor, architecture and device', () => {
    expect(summariseAdapter({ vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H100' })).toEqual({ description: 'NVIDIA H100', software: false });
    expect(summariseAdapter({ vendor: 'amd', architecture: 'rdna-3', device: '744c' }).description).toBe('amd rdna-3 744c');
    expect(summariseAdapter({}).description).toBe('an unnamed WebGPU adapter');
  });

  it('recognises software rasterisers by architecture, fallback flag or name', () => {
    expect(summariseAdapter({ architecture: 'software', description: 'SwiftShader Device' }).software).toBe(true);
    expect(summariseAdapter({ isFallbackAdapter: true, description: 'something' }).software).toBe(true);
    expect(summariseAdapter({ description: 'llvmpipe (LLVM 19.1.7, 256 bits): Mesa 25.0.7' }).software).toBe(true);
  });
});

describe('runProbe on a child that does not answer', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'ftd-probe-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });
  const script = async (name: string, text: string) => {
    const file = join(folder, name);
    await writeFile(file, text);
    return pathToFileURL(file);
  };

  it('gives up after the timeout with an unknown result that says so', async () => {
    const hang = await script('hang.ts', 'setInterval(() => {}, 1000);\n');
    expect(await runProbe(3_000, hang)).toEqual({ state: 'unknown', reason: 'the WebGPU adapter probe gave no answer within 3 s' });
  });

  it("reports a crash with the child's last stderr line, less Dawn's notices", async () => {
    const crash = await script(
      'crash.ts',
      "process.stderr.write('binding exploded\\nWarning: maxDynamicUniformBuffersPerPipelineLayout artificially reduced from 1000000 to 16 to fit dynamic offset allocation limit.\\n');\nprocess.exit(3);\n",
    );
    expect(await runProbe(20_000, crash)).toEqual({ state: 'unknown', reason: 'the WebGPU adapter probe exited with code 3 without an answer: binding exploded' });
  });
});

const missing = await webGpuUnavailableReason();
if (missing) console.warn(`skipping the WebGPU adapter probe test: ${missing}`);

describe.skipIf(missing !== null)('probeWebGpuAdapter', () => {
  it('names the adapter in a child process, once per process', async () => {
    const probe = await probeWebGpuAdapter();
    expect(probe.state).toBe('found');
    if (probe.state !== 'found') return;
    expect(probe.description.length).toBeGreaterThan(3);
    // A machine whose only adapter is Mesa's lavapipe (CI, a server without a GPU): it must be seen as one.
    if (/llvmpipe|lavapipe|swiftshader/i.test(probe.description)) expect(probe.software).toBe(true);
    else console.warn(`the adapter here is ${probe.description} (software: ${probe.software})`);
    expect(probeWebGpuAdapter()).toBe(probeWebGpuAdapter());
  });
});
