import type { ModelManifest } from '../../runtime-common/model-manifest.ts';
import type { TritonModelConfig } from './triton-config.ts';

/** The repository's README: what is in it, how to serve it with Triton, and a request that runs as written. */
export function tritonReadme(config: TritonModelConfig, manifest: ModelManifest): string {
  const { name, maxBatchSize } = config;
  const { size } = manifest.input;
  const { h, w } = manifest.featureGrid;
  return `# Triton model repository: ${name}

Written by \`ftd export --triton\` from the model folder of run \`${manifest.name}\`. \`${name}/1/model.onnx\` is that
folder's \`detector.onnx\` byte for byte (ONNX opset ${manifest.onnx.opset}, IR ${manifest.onnx.irVersion}): image
\`[N, 3, ${size}, ${size}]\` (RGB in [0, 1], resized with ftd's own rule) -> \`prob\` \`[N]\`, \`attention\` and
\`mask\` \`[N, ${h * w}]\`. \`${name}/config.pbtxt\` was read from the graph: platform \`onnxruntime_onnx\`,
\`max_batch_size: ${maxBatchSize}\`, dynamic batching. Triton describes the per-image \`prob\` as dims \`[1]\`
reshaped to \`[]\`, so its replies give \`prob\` the shape \`[N, 1]\`.

## Serve it

\`\`\`sh
docker run --rm -p 8000:8000 -p 8001:8001 -p 8002:8002 -v "$PWD":/models \\
  nvcr.io/nvidia/tritonserver:24.12-py3 tritonserver --model-repository=/models
\`\`\`

(run from this folder; add \`--gpus all\` on a GPU machine). Triton speaks the Open Inference Protocol on port 8000,
as \`ftd serve\` does under \`/v2\`.

## Ask it

\`\`\`sh
curl -s localhost:8000/v2/health/ready -o /dev/null -w '%{http_code}\\n'   # 200 once the model is loaded
curl -s localhost:8000/v2/models/${name}                                  # inputs, outputs, platform
# one mid-grey image, pre-processed: FP32 [1, 3, ${size}, ${size}]
node -e 'const n=3*${size}*${size}; console.log(JSON.stringify({inputs:[{name:"image",datatype:"FP32",shape:[1,3,${size},${size}],data:Array(n).fill(0.5)}],outputs:[{name:"prob"}]}))' > request.json
curl -s localhost:8000/v2/models/${name}/infer -H 'content-type: application/json' --data-binary @request.json
\`\`\`

Images must be pre-processed by the client (decode, resize to ${size} x ${size} with the model's fit
\`${manifest.input.fit}\`, RGB scaled to [0, 1], NCHW). \`ftd serve\` also takes encoded JPEG, PNG and WebP as
\`BYTES\` and does this itself; Triton runs the graph only.
`;
}
