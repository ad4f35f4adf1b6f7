import { nodeEpUnavailableReason } from '../ep-probe.ts';
import { runOnNode } from './node-runtimes.ts';
import { encodeReport } from './report-json.ts';

/**
 * The entry point of a child process for one onnxruntime-node parity runtime (see `nodeRuntime`). Argument:
 * one JSON object { ep, probe: true } to ask whether the EP can run, or { ep, modelFolder, fused } to run the
 * check; output: one JSON line on stdout, { reason } or the report.
 */
type Request = { ep: Parameters<typeof runOnNode>[0] } & ({ probe: true } | { probe?: false; modelFolder: string; fused?: boolean });
const request = JSON.parse(process.argv[2] ?? '{}') as Request;
if (request.probe) {
  process.stdout.write(`${JSON.stringify({ reason: (await nodeEpUnavailableReason(request.ep)) ?? null })}\n`);
} else {
  process.stdout.write(`${encodeReport(await runOnNode(request.ep, request.modelFolder, { fused: request.fused }))}\n`);
}
