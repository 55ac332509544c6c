/**
 * Ctrl-C (SIGINT, and SIGTERM alike): whatever the CLI is doing says what happens to it (an upload
 * is aborted; a job being followed keeps running server-side, and the user is told how to follow it
 * again), progress bars are stopped so the terminal is left clean, and the process exits 130.
 */
import { EXIT } from './exit.js';

type Handler = () => void;

const handlers: Handler[] = [];
let installed = false;

/** Runs `handler` (synchronously) on Ctrl-C, until the returned function removes it. The latest registered runs first. */
export function onInterrupt(handler: Handler): () => void {
  handlers.unshift(handler);
  return () => {
    const i = handlers.indexOf(handler);
    if (i >= 0) handlers.splice(i, 1);
  };
}

/** Installs the process's SIGINT/SIGTERM handling (once). */
export function installInterruptHandling(): void {
  if (installed) return;
  installed = true;
  const stop = (): void => {
    for (const h of handlers.splice(0)) {
      try {
        h();
      } catch {
        // Exiting anyway.
      }
    }
    process.exit(EXIT.interrupted);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
