/**
 * Makes `zone` take an image file dropped on it. The whole window refuses other drops, because a file dropped
 * beside the zone would otherwise make the browser leave the page to show it.
 */
export function acceptDroppedFiles(zone: HTMLElement, onFile: (file: File) => void): void {
  for (const type of ['dragover', 'drop'] as const) window.addEventListener(type, (event) => event.preventDefault());
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('dragging');
    const file = Array.from(event.dataTransfer?.files ?? []).find((candidate) => candidate.type === '' || candidate.type.startsWith('image/'));
    if (file) onFile(file);
  });
}
