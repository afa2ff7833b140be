import fs from 'node:fs';
import net from 'node:net';
import readline from 'node:readline';

import type { Logger } from 'pino';

import { type ImportHome, type ImportRequest, runImport } from './archive-import.runner';
import type { ImportSummary } from './import-summary';
import type { ImportProgress } from './archive-import.runner';

/** One line of JSON each way: the request, then progress lines and one `done` or `error` line. */
export type ImportServerMessage =
  | { type: 'start'; kind: string; organization: string; resumed: boolean; archive: string }
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'done'; summary: ImportSummary }
  | { type: 'error'; code: string; message: string };

const PROGRESS_EVERY_MS = 200;

/**
 * The side of a running `orgo start` that takes imports over: `orgo import` on the same home
 * connects to its socket and sends the archive's path; the import runs here, on this process's
 * services, and its progress and summary go back over the connection. A client that disconnects
 * (Ctrl-C) stops its import after the current message; it resumes from its cursor next time.
 */
export async function serveImports(socketPath: string, home: ImportHome, logger: Logger): Promise<{ close(): Promise<void> }> {
  if (process.platform !== 'win32') fs.rmSync(socketPath, { force: true });
  const running = new Set<Promise<unknown>>();
  const clients = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    clients.add(socket);
    socket.once('close', () => clients.delete(socket));
    const lines = readline.createInterface({ input: socket });
    lines.once('line', (line) => {
      lines.close();
      const job = handle(socket, line, home, logger);
      running.add(job);
      void job.finally(() => running.delete(job));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  if (process.platform !== 'win32') fs.chmodSync(socketPath, 0o600);
  return {
    // Imports in flight stop after their current message; their cursors let them resume.
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of clients) socket.destroy();
      await closed;
      await Promise.allSettled([...running]);
    },
  };
}

async function handle(socket: net.Socket, line: string, home: ImportHome, logger: Logger): Promise<void> {
  const send = (message: ImportServerMessage) => {
    if (!socket.destroyed) socket.write(`${JSON.stringify(message)}\n`);
  };
  const abort = new AbortController();
  socket.on('close', () => abort.abort());
  socket.on('error', () => abort.abort());
  let last = 0;
  try {
    const request = JSON.parse(line) as ImportRequest;
    logger.info({ archive: request.archive }, 'archive import taken over from orgo import');
    const summary = await runImport(home, request, {
      signal: abort.signal,
      onStart: (info) => send({ type: 'start', ...info }),
      onProgress: (progress) => {
        const now = Date.now();
        if (now - last < PROGRESS_EVERY_MS) return;
        last = now;
        send({ type: 'progress', progress });
      },
    });
    logger.info({ ...summary }, 'archive import finished');
    send({ type: 'done', summary });
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'IMPORT.FAILED';
    logger.error({ err: error }, 'archive import failed');
    send({ type: 'error', code, message: (error as Error).message });
  } finally {
    socket.end();
  }
}
