import type { FaceFinder } from '../runtime-common/faces/face-finder.ts';
import { openFaceFinder } from '../runtime-common/faces/open-face-finder.ts';
import { readManifest } from '../runtime-common/open-detector.ts';
import { fileModelSource } from './file-model-source.ts';
import { nodeSessionFactory, type NodeEpRequest } from './node-session.ts';

/**
 * The face finder of a model folder (its face.onnx) on onnxruntime-node, or undefined when the export has no
 * face graph (made before ftd had one, or with --no-faces): callers then score whole pictures only.
 */
export async function openNodeFaceFinder(folder: string, ep: NodeEpRequest = 'auto'): Promise<FaceFinder | undefined> {
  const source = fileModelSource(folder);
  if (!(await readManifest(source)).graphs.face) return undefined;
  return openFaceFinder(source, nodeSessionFactory(ep).factory);
}
