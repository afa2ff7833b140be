import net from 'node:net';
import readline from 'node:readline';

import type { ImportProgress, ImportRequest } from './archive-import.runner';
import type { ImportServerMessage } from './import-server';
import type { ImportSummary } from './import-summary';

/**
 * Hands an import to the `orgo start` that runs on the home, through its socket, and relays its
 * progress. Resolves with the summary; rejects with the server's error (code and message).
 */
export function importThroughRunningOrgo(
  socketPath: string,
  request: ImportRequest,
  handlers: { onProgress(progress: ImportProgress): void; signal: AbortSignal },
): Promise<ImportSummary> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(socketPath);
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    handlers.signal.addEventListener('abort', () => socket.destroy(), { once: true });
    socket.once('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.once('error', (error) => finish(() => reject(Object.assign(new Error(`The running Orgo did not take the import (${error.message})`), { code: 'IMPORT.HANDOFF_FAILED' }))));
    socket.once('close', () => finish(() => reject(Object.assign(new Error('The running Orgo closed the connection before the import finished'), { code: 'IMPORT.INTERRUPTED' }))));
    readline.createInterface({ input: socket }).on('line', (line) => {
      const message = JSON.parse(line) as ImportServerMessage;
      if (message.type === 'progress') handlers.onProgress(message.progress);
      else if (message.type === 'done') finish(() => resolve(message.summary));
      else if (message.type === 'error') finish(() => reject(Object.assign(new Error(message.message), { code: message.code })));
    });
  });
}
