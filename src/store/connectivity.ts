/**
 * Cached connectivity state of the store (a small circuit breaker). After a connection failure
 * (the driver's ServiceUnavailable / SessionExpired: nothing answers at the Bolt address) every
 * request fails at once with StoreUnavailableError for `openMs`, instead of each one spending
 * seconds on its own connection attempts. The first request after that window probes Neo4j
 * (bounded by `probeTimeoutMs`) while the others keep failing fast; a probe that answers closes the
 * breaker, one that does not opens it for another window. So the service recovers by itself, and
 * a busy pool (all connections in use) never opens it: only a failure to reach the server does.
 */
import { Neo4jError } from 'neo4j-driver';
import { StoreUnavailableError } from '../domain/model.js';

export interface ConnectivityOptions {
  /** How long requests fail fast after a connection failure before the next probe. */
  openMs?: number;
  /** A probe that takes longer counts as a failure. */
  probeTimeoutMs?: number;
  now?: () => number;
}

const CONNECTION_FAILURES = new Set(['ServiceUnavailable', 'SessionExpired']);

/** Whether a driver error means the server could not be reached (as opposed to a busy pool or a query error). */
export function isConnectionFailure(e: unknown): boolean {
  return e instanceof Neo4jError && CONNECTION_FAILURES.has(e.code) && !e.message.startsWith('Connection acquisition timed out');
}

/** Rejects with StoreUnavailableError when `work` takes longer than `ms`. */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreUnavailableError(`${what} did not answer within ${ms} ms`)), ms);
  });
  // A late failure of `work` must not become an unhandled rejection.
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export class Connectivity {
  private openUntil = 0;
  private down = false;
  private probing: Promise<void> | undefined;
  private readonly openMs: number;
  private readonly probeTimeoutMs: number;
  private readonly now: () => number;

  constructor(
    private readonly probe: () => Promise<void>,
    opts: ConnectivityOptions = {},
  ) {
    this.openMs = opts.openMs ?? 1_000;
    this.probeTimeoutMs = opts.probeTimeoutMs ?? 1_000;
    this.now = opts.now ?? Date.now;
  }

  /** True while the last contact with the server failed. */
  get unavailable(): boolean {
    return this.down;
  }

  /**
   * Before a database call: returns at once while Neo4j is known to answer; throws
   * StoreUnavailableError at once while the breaker is open or another request probes; else probes.
   */
  async gate(): Promise<void> {
    if (!this.down) return;
    if (this.probing !== undefined || this.now() < this.openUntil) throw new StoreUnavailableError('Neo4j unavailable (failing fast after a connection failure)');
    this.probing = withTimeout(this.probe(), this.probeTimeoutMs, 'Neo4j')
      .then(
        () => this.succeeded(),
        (e: unknown) => {
          this.failed();
          throw e instanceof StoreUnavailableError ? e : new StoreUnavailableError('Neo4j did not answer');
        },
      )
      .finally(() => (this.probing = undefined));
    await this.probing;
  }

  /** After a database call failed with `e` (a raw driver error): opens the breaker on a connection failure. */
  noted(e: unknown): void {
    if (isConnectionFailure(e)) this.failed();
  }

  succeeded(): void {
    this.down = false;
    this.openUntil = 0;
  }

  failed(): void {
    this.down = true;
    this.openUntil = this.now() + this.openMs;
  }
}
