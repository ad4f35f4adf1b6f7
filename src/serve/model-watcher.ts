import { unwatchFile, watch, watchFile, type FSWatcher, type Stats } from 'node:fs';
import { join } from 'node:path';

export interface ModelWatcher {
  close(): void;
}

/**
 * Calls `onSettled` once changes in a model folder have stopped for `debounceMs`: a new export is copied in
 * file by file, and loading it half-copied would only fail its sha256 check. Two watches, because copies
 * arrive two ways: file by file into the folder (inotify on the folder, which also re-arms the quiet
 * period while files are still landing), or a whole folder renamed over the old one (which inotify on the old
 * folder never sees; a stat poll of model.json does, and then the folder watch is re-opened on the new one).
 */
export function watchModelFolder(folder: string, debounceMs: number, onSettled: () => void, onWatchError: (error: Error) => void): ModelWatcher {
  let timer: NodeJS.Timeout | undefined;
  let folderWatch: FSWatcher | undefined;
  let closed = false;
  const poke = () => {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (!closed) onSettled();
    }, debounceMs);
  };
  const openFolderWatch = () => {
    folderWatch?.close();
    folderWatch = undefined;
    try {
      folderWatch = watch(folder, { recursive: true, persistent: false }, poke);
      folderWatch.on('error', (error) => {
        folderWatch?.close();
        folderWatch = undefined;
        onWatchError(error);
      });
    } catch (error) {
      // The folder may not exist yet (a server started before its model was copied); the poll still runs.
      onWatchError(error as Error);
    }
  };
  const manifest = join(folder, 'model.json');
  const onManifestStat = (current: Stats, previous: Stats) => {
    if (current.ino !== previous.ino || current.mtimeMs !== previous.mtimeMs || current.size !== previous.size) {
      if (current.ino !== previous.ino || !folderWatch) openFolderWatch();
      poke();
    }
  };
  openFolderWatch();
  watchFile(manifest, { interval: Math.max(100, Math.min(debounceMs, 1000)), persistent: false }, onManifestStat);
  return {
    close: () => {
      closed = true;
      if (timer) clearTimeout(timer);
      folderWatch?.close();
      unwatchFile(manifest, onManifestStat);
    },
  };
}
