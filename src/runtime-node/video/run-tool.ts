import { spawn } from 'node:child_process';

export interface ToolOutput {
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/**
 * Runs ffprobe or ffmpeg and collects its output. A missing program is a clear error saying how to install it,
 * not a bare ENOENT: video input is optional, and the rest of ftd works without it.
 */
export function runTool(program: 'ffmpeg' | 'ffprobe', args: readonly string[]): Promise<ToolOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') reject(new Error(`${program} is not installed; videos need ffmpeg's ffprobe and ffmpeg on the PATH (Debian: apt install ffmpeg, or bash .ci/system-packages.sh)`));
      else reject(error);
    });
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr).toString('utf8').trim() }));
  });
}

/** The last lines of a tool's stderr, which hold its reason for failing. */
export function toolReason(stderr: string): string {
  const lines = stderr.split('\n').filter((line) => line.trim() !== '');
  return lines.slice(-2).join('; ') || 'no reason given';
}
