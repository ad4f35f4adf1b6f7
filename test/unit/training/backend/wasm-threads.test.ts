import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { maxWasmThreads, wasmThreadsWanted } from '../../../../src/training/backend/wasm-threads.ts';
import { wasmUnavailableReason } from './wasm-kernels/wasm-vs-cpu.ts';

const missing = await wasmUnavailableReason();
if (missing) console.warn(`skipping the threaded wasm test: ${missing}`);

describe('wasmThreadsWanted', () => {
  it('is 1 when FTD_WASM_THREADS is unset or empty', () => {
    expect(wasmThreadsWanted({})).toBe(1);
    expect(wasmThreadsWanted({ FTD_WASM_THREADS: ' ' })).toBe(1);
  });

  it('takes a whole number from 1 to 8', () => {
    expect(wasmThreadsWanted({ FTD_WASM_THREADS: '2' })).toBe(2);
    expect(wasmThreadsWanted({ FTD_WASM_THREADS: ' 4 ' })).toBe(4);
    expect(wasmThreadsWanted({ FTD_WASM_THREADS: String(maxWasmThreads) })).toBe(maxWasmThreads);
  });

  it.each(['0', '9', 'two', '1.5', '-2'])('refuses %j, naming the variable', (setting) => {
    expect(() => wasmThreadsWanted({ FTD_WASM_THREADS: setting })).toThrow(/FTD_WASM_THREADS must be a whole number from 1 to 8/);
  });
});

/** Runs wasm-threads-child.ts with FTD_WASM_THREADS=2; resolves with its exit code and output, or a timeout. */
function runChild(timeoutMs: number): Promise<{ code: number | null; timedOut: boolean; stdout: string; stderr: string }> {
  const child = spawn(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), fileURLToPath(new URL('./wasm-threads-child.ts', import.meta.url))],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FTD_WASM_THREADS: '2' } },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, timedOut, stdout, stderr });
    });
  });
}

describe.skipIf(missing !== null || availableParallelism() < 2)('wasm with FTD_WASM_THREADS=2', () => {
  it('starts 2 threads, matches cpu on a strided conv2d gradient to 1e-5, and lets its process exit', async () => {
    const { code, timedOut, stdout, stderr } = await runChild(90_000);
    expect(timedOut, `the process did not exit by itself; stderr:\n${stderr}`).toBe(false);
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as { device: string; dx: number; dw: number };
    expect(result.device).toBe('WebAssembly SIMD (XNNPACK), 2 threads');
    expect(result.dx).toBeLessThanOrEqual(1e-5);
    expect(result.dw).toBeLessThanOrEqual(1e-5);
  });
});
