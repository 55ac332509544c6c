/**
 * Configuration from the environment: read once, validated, typed, frozen.
 * Every key is documented in the README's configuration table.
 */
import bytes from 'bytes';
import ms from 'ms';
import { join } from 'node:path';
import { projectRoot } from './project-root.js';
import type { EventsConfig } from './domain/events/event-service.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface Neo4jConfig {
  /**
   * Required by the service (it refuses to start without it). Unset is valid here for the tooling
   * that reads this configuration too: `npm start`, `npm run neo4j` and the tests then provision one.
   */
  uri: string | undefined;
  username: string;
  password: string;
  database: string;
  connectTimeoutMs: number;
  maxPoolSize: number;
  /** Run on a server newer than the newest tested release (or with no release number), with a warning. */
  acceptUntestedVersion: boolean;
  /** Every transaction's time limit on the server, in ms (0: the server's own). */
  txTimeoutMs: number;
  /** How long a transaction waits for a pooled connection before the request gets 503. */
  acquisitionTimeoutMs: number;
}

/** Authentication and authorisation (README "Security"). */
export interface AuthConfig {
  /** `off` only by an explicit AUTH=off (lab use, logged loudly); otherwise users are required off loopback. */
  mode: 'on' | 'off';
  /** AUTH_USERS: `name:password:role` entries, comma-separated (roles read, write, admin or a policy role). */
  users: string | undefined;
  /** AUTH_USERS_FILE: a JSON file of users (hashed passwords) and their roles. */
  usersFile: string | undefined;
  /** AUTH_POLICY_FILE: an A&AI aai_policy.json (roles → functions → methods, and their users). */
  policyFile: string | undefined;
  /** AUTH_APP_ID: what to do when X-FromAppId is not the authenticated principal: trust it, reject it, or overwrite it. */
  appId: 'trust' | 'reject' | 'overwrite';
  /** AUTH_BYPASS_RESOURCE_VERSION: A&AI's bypass resource-version is honoured (for roles allowed it) only when true. */
  bypassResourceVersion: boolean;
  /** How long a verified password or token is remembered (so a client's every request does not pay a memory-hard hash). */
  cacheMs: number;
}

/** HTTPS (README "Security"): all three of cert and key, or none. */
export interface TlsConfig {
  /** PEM files. */
  certFile: string;
  keyFile: string;
  /** CA bundle (PEM) that client certificates must chain to (A&AI's two-way TLS). */
  caFile: string | undefined;
  /** Client certificates: not asked for, asked for, or required. */
  clientCert: 'none' | 'request' | 'require';
}

export interface Config {
  port: number;
  host: string;
  auth: AuthConfig;
  tls: TlsConfig | undefined;
  logLevel: LogLevel;
  shutdownTimeoutMs: number;
  neo4j: Neo4jConfig;
  bulk: {
    /** A&AI aai.bulkconsumer.payloadlimit: operations per bulk request across all transactions. */
    operationLimit: number;
    /** A&AI aai.bulkconsumer.payloadoverride: X-OverrideLimit must equal it; unset → override disabled. */
    overrideSecret: string | undefined;
    /** Largest accepted request body for the synchronous JSON endpoints, in bytes. */
    bodyLimitBytes: number;
    /** Maximum items in one batch-get request. */
    batchGetLimit: number;
    /** Retries of a Neo4j transaction on deadlock / uniqueness race before giving up. */
    txRetries: number;
  };
  budget: {
    /** Objects one read may return (GET with depth, a collection, a whole batch get): AAI_3303 beyond. */
    readObjects: number;
    /** Objects one request may write, nested children of PUT bodies included: AAI_6147 beyond. */
    writeObjects: number;
  };
  /** A&AI aai.implied.delete.whitelist.<app>: app id (lower case) → parent types allowed, or '*'. */
  impliedDeleteWhitelist: Readonly<Record<string, readonly string[]>>;
  jobs: {
    /** Jobs run at once per service instance. */
    concurrency: number;
    /** Largest job input, in bytes (JSON or NDJSON). */
    maxBytes: number;
    /** Largest single transaction of a job: JSON characters, and operations. */
    maxTransactionBytes: number;
    maxTransactionOperations: number;
    /** Finished jobs and their results are removed after this many milliseconds. */
    ttlMs: number;
    /** A running job's lease; another instance takes the job over when it lapses. */
    leaseMs: number;
    /** How often an idle worker looks for pending jobs. */
    pollMs: number;
    /** How often expired jobs are removed. */
    sweepMs: number;
    /** Operations of one job applied per Neo4j transaction (each A&AI transaction stays atomic). */
    chunkOperations: number;
    /** Stored input bytes of one chunk (at least one A&AI transaction): bounds the memory of a chunk of large transactions. */
    chunkBytes: number;
    /** Run the job worker in this instance (false: only accept and report jobs). */
    worker: boolean;
    /** The worker runs only jobs whose submitter's X-FromAppId starts with one of these (undefined: every job). */
    workerSources: string[] | undefined;
    /** input.maxJsonDepth, for the job input parser (job transactions are bounded like bulk payloads). */
    maxJsonDepth: number;
  };
  /** Declarative sync (POST /bulk/sync): objects in one desired state, nested children included. */
  sync: { maxObjects: number; concurrency: number };
  /** Change events: the outbox, the feed and the Kafka relay (README "Change events"). */
  events: EventsConfig;
  kafka: KafkaConfig | undefined;
  /** Connection and request bounds (issue 13). */
  limits: Limits;
  /** Input limits (issue 13). */
  input: InputBounds;
  /** The web console (README "Web console"): the directory of its built files (`npm run build`), served at /ui/. */
  ui: { dir: string };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/*
 * Sizes and durations: the forms the README documents (a whole number, then optionally a unit:
 * b/kb/mb/gb in any case, ms/s/m/h/d in lower case, spaces allowed before the unit) are checked
 * here; `bytes` and `ms` convert them. The libraries alone would accept more, and not always what
 * was meant: bytes.parse reads "5x" as 5 and "-1kb" as -1024; ms reads "-5s", "1y" and "1.5h".
 */
const SIZE = /^\d+ *(b|kb|mb|gb)?$/i;
const DURATION = /^\d+ *(ms|s|m|h|d)?$/;

/** A documented duration is one of the strings `ms` parses (its StringValue type). */
const isDuration = (v: string): v is ms.StringValue => DURATION.test(v);

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  raw(key: string): string | undefined {
    const v = this.env[key];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  }

  string(key: string, fallback: string): string {
    return this.raw(key) ?? fallback;
  }

  int(key: string, fallback: number, min: number, max: number): number {
    const v = this.raw(key);
    if (v === undefined) return fallback;
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
      this.problems.push(`${key}=${JSON.stringify(v)}: expected an integer from ${min} to ${max}`);
      return fallback;
    }
    return Number(v);
  }

  /** Byte sizes: a whole number, or with a kb/mb/gb suffix (binary: 1kb = 1024), converted by `bytes`. */
  bytes(key: string, fallback: number): number {
    const v = this.raw(key);
    if (v === undefined) return fallback;
    const n = SIZE.test(v) ? bytes.parse(v) : null;
    if (n === null) {
      this.problems.push(`${key}=${JSON.stringify(v)}: expected a size such as 5242880, 512kb, 5mb or 1gb`);
      return fallback;
    }
    return n;
  }

  /** Durations: milliseconds, or with a ms/s/m/h/d suffix, converted by `ms`. */
  duration(key: string, fallback: number): number {
    const v = this.raw(key);
    if (v === undefined) return fallback;
    if (!isDuration(v)) {
      this.problems.push(`${key}=${JSON.stringify(v)}: expected a duration such as 500, 30s, 10m, 12h or 7d`);
      return fallback;
    }
    return ms(v);
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
    const v = this.raw(key);
    if (v === undefined) return fallback;
    const found = allowed.find((a) => a === v);
    if (found === undefined) {
      this.problems.push(`${key}=${JSON.stringify(v)}: expected one of ${allowed.join(', ')}`);
      return fallback;
    }
    return found;
  }
}

export interface KafkaConfig {
  /** host:port of bootstrap brokers (KAFKA_BROKERS, comma-separated). */
  brokers: string[];
  topic: string;
  clientId: string;
  /** Where a relay that has never published starts: the oldest retained event, or the newest. */
  start: 'earliest' | 'latest';
  /** The relay's lease: another instance takes the relay over when it lapses. */
  leaseMs: number;
  /** Events per Kafka produce request. */
  batch: number;
}

/** The Kafka relay: off unless KAFKA_BROKERS is set. */
function readKafka(r: Reader): KafkaConfig | undefined {
  const brokers = r.raw('KAFKA_BROKERS');
  if (brokers === undefined) return undefined;
  const list = brokers.split(',').map((b) => b.trim()).filter((b) => b !== '');
  for (const b of list) if (!/^[^\s:]+:\d{1,5}$/.test(b)) r.problems.push(`KAFKA_BROKERS=${JSON.stringify(brokers)}: expected host:port[,host:port…]`);
  return {
    brokers: list,
    topic: r.string('KAFKA_TOPIC', 'AAI-EVENT'),
    clientId: r.string('KAFKA_CLIENT_ID', 'aai-graph-inventory'),
    start: r.oneOf('KAFKA_START', ['earliest', 'latest'] as const, 'earliest'),
    leaseMs: r.duration('KAFKA_LEASE', 10_000),
    batch: r.int('KAFKA_BATCH', 500, 1, 100_000),
  };
}

// connection and request bounds (issue 13)
/** What one client (a socket, a request, an X-FromAppId) may hold of the service; see README "Limits". */
export interface Limits {
  /** Open TCP connections; at the cap a new one evicts the longest-idle one (or is closed when none is idle). */
  maxConnections: number;
  /** Requests being handled at once; beyond it 503 AAI_9202 with Retry-After. */
  maxRequestsInFlight: number;
  /** From a connection's opening (or a request's first byte) until its request headers are complete. */
  headersTimeoutMs: number;
  /** A connection idle between requests is closed after this. */
  keepAliveTimeoutMs: number;
  /** A synchronous request's body must have arrived this long after its headers (408 AAI_7406). */
  bodyTimeoutMs: number;
  /** After answering a request whose body has not fully arrived, how long the rest is read and dropped. */
  lingerMs: number;
  /** A job upload must deliver at least this many bytes in every window of waiting for it (408 AAI_7406). */
  jobUploadMinBytes: number;
  jobUploadWindowMs: number;
  /** Per client (X-FromAppId): job uploads at once (429), and bytes of job input held in Neo4j (429). */
  jobClientMaxUploads: number;
  jobClientMaxStoredBytes: number;
}

const DAY_MS = 86_400_000;

function readLimits(r: Reader): Limits {
  /** A duration from `min` to a day (Node's timers cannot wait longer than about 24.8 days). */
  const within = (key: string, fallback: number, min: number): number => {
    const v = r.duration(key, fallback);
    if (v >= min && v <= DAY_MS) return v;
    r.problems.push(`${key}=${JSON.stringify(r.raw(key))}: expected a duration from ${min} ms to 1d`);
    return fallback;
  };
  const atLeastOne = (key: string, fallback: number): number => {
    const v = r.bytes(key, fallback);
    if (v >= 1) return v;
    r.problems.push(`${key}=${JSON.stringify(r.raw(key))}: expected a size of at least 1 byte`);
    return fallback;
  };
  return {
    maxConnections: r.int('MAX_CONNECTIONS', 1024, 1, 1_000_000),
    maxRequestsInFlight: r.int('MAX_REQUESTS_IN_FLIGHT', 64, 1, 1_000_000),
    headersTimeoutMs: within('HEADERS_TIMEOUT', 10_000, 100),
    keepAliveTimeoutMs: within('KEEP_ALIVE_TIMEOUT', 65_000, 100),
    bodyTimeoutMs: within('BODY_TIMEOUT', 20_000, 100),
    lingerMs: within('LINGER_TIMEOUT', 5_000, 0),
    jobUploadMinBytes: atLeastOne('JOB_UPLOAD_MIN_BYTES', 64 * 1024),
    jobUploadWindowMs: within('JOB_UPLOAD_WINDOW', 30_000, 100),
    jobClientMaxUploads: r.int('JOB_CLIENT_MAX_UPLOADS', 2, 1, 10_000),
    jobClientMaxStoredBytes: atLeastOne('JOB_CLIENT_MAX_STORED_BYTES', 4 * 1024 ** 3),
  };
}
// end of connection and request bounds (issue 13)

// input limits (issue 13)
/** What one request may carry, checked before anything else reads it; see README "Limits". */
export interface InputBounds {
  /**
   * Deepest nesting of a request body, a bulk payload or a job transaction, counted from the root
   * of the document ({} and [] are one level each; a job transaction counts as an element of
   * "transactions"). At most 1000: Ajv and JSON.stringify recurse, and overflow near 4,000.
   */
  maxJsonDepth: number;
  /** Longest X-FromAppId (as resolved from A&AI's aliases) and X-TransactionId, both stored on every node written. */
  maxHeaderLength: number;
}

function readInputBounds(r: Reader): InputBounds {
  return {
    maxJsonDepth: r.int('MAX_JSON_DEPTH', 64, 16, 1000),
    maxHeaderLength: r.int('MAX_HEADER_LENGTH', 255, 1, 8192),
  };
}
// end of input limits (issue 13)

/** `app1=type1,type2;app2=*` → { app1: [type1, type2], app2: ['*'] } */
function parseWhitelist(r: Reader, key: string): Record<string, readonly string[]> {
  const v = r.raw(key);
  const out: Record<string, readonly string[]> = {};
  if (v === undefined) return out;
  for (const entry of v.split(';').filter((e) => e.trim() !== '')) {
    const m = /^\s*([^=\s]+)\s*=\s*(\*|[a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*$/i.exec(entry);
    if (!m?.[1] || !m[2]) {
      r.problems.push(`${key}: entry ${JSON.stringify(entry)} is not of the form app=type1,type2 or app=*`);
      continue;
    }
    out[m[1].toLowerCase()] = m[2].split(',').map((t) => t.trim());
  }
  return out;
}

function readAuth(r: Reader): AuthConfig {
  return {
    mode: r.oneOf('AUTH', ['on', 'off'] as const, 'on'),
    users: r.raw('AUTH_USERS'),
    usersFile: r.raw('AUTH_USERS_FILE'),
    policyFile: r.raw('AUTH_POLICY_FILE'),
    appId: r.oneOf('AUTH_APP_ID', ['trust', 'reject', 'overwrite'] as const, 'trust'),
    bypassResourceVersion: r.oneOf('AUTH_BYPASS_RESOURCE_VERSION', ['true', 'false'] as const, 'false') === 'true',
    cacheMs: r.duration('AUTH_CACHE_TTL', 60_000),
  };
}

function readTls(r: Reader): TlsConfig | undefined {
  const certFile = r.raw('TLS_CERT');
  const keyFile = r.raw('TLS_KEY');
  const caFile = r.raw('TLS_CA');
  const clientCert = r.oneOf('TLS_CLIENT_CERT', ['none', 'request', 'require'] as const, 'none');
  if (certFile === undefined && keyFile === undefined) {
    if (caFile !== undefined || clientCert !== 'none') r.problems.push('TLS_CA and TLS_CLIENT_CERT need TLS_CERT and TLS_KEY');
    return undefined;
  }
  if (certFile === undefined || keyFile === undefined) {
    r.problems.push('TLS_CERT and TLS_KEY go together: set both (HTTPS) or neither (HTTP)');
    return undefined;
  }
  if (clientCert !== 'none' && caFile === undefined) r.problems.push(`TLS_CLIENT_CERT=${clientCert} needs TLS_CA, the CA client certificates must chain to`);
  return { certFile, keyFile, caFile, clientCert };
}

export function loadConfig(env: Env = process.env): Config {
  const r = new Reader(env);
  const uri = r.raw('NEO4J_URI');
  if (uri !== undefined && !/^(bolt|neo4j)(\+s|\+ssc)?:\/\/[^\s]+$/.test(uri)) {
    r.problems.push(`NEO4J_URI=${JSON.stringify(uri)}: expected bolt://host:port or neo4j://host:port`);
  }
  const host = r.string('HOST', '127.0.0.1');
  const input = readInputBounds(r); // input limits (issue 13)
  const config: Config = {
    port: r.int('PORT', 8080, 0, 65535),
    host,
    auth: readAuth(r),
    tls: readTls(r),
    logLevel: r.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    shutdownTimeoutMs: r.duration('SHUTDOWN_TIMEOUT_MS', 10_000),
    neo4j: {
      uri,
      username: r.string('NEO4J_USERNAME', 'neo4j'),
      password: r.string('NEO4J_PASSWORD', ''),
      database: r.string('NEO4J_DATABASE', 'neo4j'),
      connectTimeoutMs: r.duration('NEO4J_CONNECT_TIMEOUT_MS', 60_000),
      maxPoolSize: r.int('NEO4J_MAX_POOL_SIZE', 50, 1, 1000),
      acceptUntestedVersion: r.oneOf('NEO4J_ACCEPT_UNTESTED_VERSION', ['true', 'false'] as const, 'false') === 'true',
      txTimeoutMs: r.duration('NEO4J_TX_TIMEOUT', 30_000),
      acquisitionTimeoutMs: r.duration('NEO4J_ACQUISITION_TIMEOUT', 10_000),
    },
    // read and write budgets (issue 13)
    budget: {
      readObjects: r.int('READ_MAX_OBJECTS', 10_000, 1, 10_000_000),
      writeObjects: r.int('WRITE_MAX_OBJECTS', 10_000, 1, 10_000_000),
    },
    bulk: {
      operationLimit: r.int('BULK_OPERATION_LIMIT', 30, 1, 1_000_000),
      overrideSecret: r.raw('BULK_OVERRIDE_SECRET'),
      bodyLimitBytes: r.bytes('BULK_BODY_LIMIT', 5 * 1024 * 1024),
      batchGetLimit: r.int('BATCH_GET_LIMIT', 100, 1, 100_000),
      txRetries: r.int('NEO4J_TX_RETRIES', 8, 0, 100),
    },
    impliedDeleteWhitelist: parseWhitelist(r, 'IMPLIED_DELETE_WHITELIST'),
    jobs: {
      concurrency: r.int('JOB_CONCURRENCY', 2, 1, 64),
      maxBytes: r.bytes('JOB_MAX_BYTES', 1024 * 1024 * 1024),
      maxTransactionBytes: r.bytes('JOB_MAX_TRANSACTION_BYTES', 16 * 1024 * 1024),
      maxTransactionOperations: r.int('JOB_MAX_TRANSACTION_OPERATIONS', 10_000, 1, 1_000_000),
      ttlMs: r.duration('JOB_TTL', 7 * 86_400_000),
      leaseMs: r.duration('JOB_LEASE_MS', 30_000),
      pollMs: r.duration('JOB_POLL_MS', 1_000),
      sweepMs: r.duration('JOB_SWEEP_MS', 60_000),
      chunkOperations: r.int('JOB_CHUNK_OPERATIONS', 2000, 1, 100_000),
      chunkBytes: r.bytes('JOB_CHUNK_BYTES', 128 * 1024),
      worker: r.oneOf('JOB_WORKER', ['true', 'false'] as const, 'true') === 'true',
      workerSources: r.raw('JOB_WORKER_SOURCES')?.split(',').map((s) => s.trim()).filter((s) => s !== ''),
      maxJsonDepth: input.maxJsonDepth,
    },
    sync: { maxObjects: r.int('SYNC_MAX_OBJECTS', 200_000, 1, 10_000_000), concurrency: r.int('SYNC_CONCURRENCY', 2, 1, 64) },
    events: {
      enabled: r.oneOf('EVENTS_ENABLED', ['true', 'false'] as const, 'true') === 'true',
      domain: r.string('EVENTS_DOMAIN', 'dev'),
      retentionMs: r.duration('EVENTS_RETENTION', 7 * DAY_MS),
      pollMs: r.duration('EVENTS_POLL_MS', 200),
      batch: r.int('EVENTS_SEQUENCE_BATCH', 5000, 1, 100_000),
      maxWaitMs: 30_000,
    },
    kafka: readKafka(r),
    limits: readLimits(r),
    input,
    ui: { dir: r.raw('UI_DIR') ?? join(projectRoot(), 'dist', 'ui') },
  };
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return Object.freeze(config);
}
