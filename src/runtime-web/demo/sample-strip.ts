import type { SampleFace } from './sample-face.ts';

/**
 * Fills `strip` with a button per picture in the site's `listing` (samples.json: faces, photos.json: photos);
 * a click fetches that picture and hands it on as a File, the same path an upload takes. A site built without
 * samples leaves the strip hidden.
 */
export async function showSampleFaces(strip: HTMLElement, onFile: (file: File) => void, onError: (error: unknown) => void, listing = 'samples.json'): Promise<void> {
  const response = await fetch(listing);
  const samples = response.ok ? ((await response.json()) as SampleFace[]) : [];
  for (const sample of samples) {
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.kind = sample.kind;
    button.title = sample.title ?? `Try a ${sample.label} face`;
    const thumbnail = document.createElement('img');
    thumbnail.src = sample.file;
    thumbnail.alt = '';
    const caption = document.createElement('span');
    caption.textContent = sample.label;
    button.append(thumbnail, caption);
    button.addEventListener('click', () => {
      fetchAsFile(sample.file).then(onFile, onError);
    });
    strip.append(button);
  }
  strip.hidden = samples.length === 0;
}

async function fetchAsFile(address: string): Promise<File> {
  const response = await fetch(address);
  if (!response.ok) throw new Error(`sample ${address}: HTTP ${response.status}`);
  const blob = await response.blob();
  return new File([blob], address.split('/').pop()!, { type: blob.type });
}
