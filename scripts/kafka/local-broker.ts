/**
 * The real Apache Kafka broker without Docker, for the tests: jars resolved by Maven from Maven
 * Central into `.kafka/lib-<version>` (git-ignored, reused), one KRaft node (broker and controller
 * in one JVM, no ZooKeeper) on free 127.0.0.1 ports with a throwaway data folder, started under the
 * same watchdog as the local Neo4j (scripts/neo4j/watchdog.sh), so the JVM never outlives the
 * process that started it and the folder is removed when it exits.
 * Tooling only: the service never imports it (it is given the brokers' addresses).
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Admin } from '@platformatic/kafka';
import { projectRoot } from '../../src/project-root.js';
import { freePort, mavenAvailable, stopperOf, watchdogScript } from '../neo4j/local-server.js';
import { findJava, javaRequirement, ProvisionError } from '../neo4j/versions.js';

export { ProvisionError };

/** The Kafka release the tests run against; KAFKA_VERSION selects another 4.x release on Maven Central. */
export const DEFAULT_KAFKA_VERSION = '4.4.0';

/**
 * The Kafka 4 broker needs Java 17 or later (tested here on 17 and 21). versions.ts chooses a Java
 * by Neo4j release; a 5.x release asks for Java 17–21, which is what this broker is run on.
 */
const JAVA_AS_FOR_NEO4J = '5.26.0';

/** How long the broker may take to answer a metadata request (2–3 s here). */
const START_TIMEOUT_MS = 90_000;
/** How long a clean shutdown may take before the JVM is killed (about 1 s here). */
const STOP_TIMEOUT_MS = 30_000;
/** Console lines of the broker kept for logTail(). */
const LOG_LINES = 500;

export interface LocalKafka {
  version: string;
  /** Bootstrap address: `127.0.0.1:<port>`. */
  brokers: string;
  /** The JVM's pid. */
  pid: number;
  /** Exit code when the JVM has exited, else null. */
  exitCode(): number | null;
  /** The last lines the broker logged (INFO and up). */
  logTail(lines?: number): string;
  /** Stop the JVM (clean shutdown; SIGKILL after 30 s); the watchdog removes its data folder. Idempotent. */
  stop(): Promise<void>;
}

export function localKafkaVersion(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const v = env['KAFKA_VERSION']?.trim();
  if (v === undefined || v === '') return DEFAULT_KAFKA_VERSION;
  if (!/^4\.\d+\.\d+$/.test(v)) throw new ProvisionError(`KAFKA_VERSION=${JSON.stringify(v)}: expected an Apache Kafka 4.x release such as ${DEFAULT_KAFKA_VERSION}`);
  return v;
}

export function kafkaLibDir(version: string, root = projectRoot()): string {
  return join(root, '.kafka', `lib-${version}`);
}

function libComplete(dir: string, version: string): boolean {
  return existsSync(join(dir, '.complete')) && readdirSync(dir).includes(`kafka_2.13-${version}.jar`);
}

/** Resolve the broker's jars with Maven once; later calls reuse the folder. */
export function ensureKafkaJars(log: (msg: string) => void, version: string, root = projectRoot()): string {
  const dir = kafkaLibDir(version, root);
  if (libComplete(dir, version)) return dir;
  if (!mavenAvailable()) throw new ProvisionError(`Apache Kafka ${version} is resolved from Maven Central with Maven, and \`mvn\` is not installed; or set KAFKA_BROKERS to a running broker.`);
  const staging = `${dir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  log(`Resolving Apache Kafka ${version} from Maven Central into ${dir} (first run only)...`);
  const pom = join(root, 'scripts', 'kafka', 'pom.xml');
  const r = spawnSync('mvn', ['-B', '-q', '-f', pom, 'package', `-Dkafka.version=${version}`, `-Dkafka.lib=${staging}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 20 * 60_000,
  });
  if (r.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new ProvisionError(`Maven could not resolve org.apache.kafka:kafka_2.13:${version}:\n${(r.stdout ?? '') + (r.stderr ?? '')}`.trim());
  }
  writeFileSync(join(staging, '.complete'), `${version}\n`);
  if (libComplete(dir, version)) {
    rmSync(staging, { recursive: true, force: true }); // another process won the race
  } else {
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
  }
  return dir;
}

/** One combined KRaft node; small internal topics, so that the first consumer group and producer id come quickly. */
function serverProperties(dataDir: string, brokerPort: number, controllerPort: number): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${brokerPort},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${brokerPort}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${dataDir}`,
    'num.partitions=3',
    'default.replication.factor=1',
    'min.insync.replicas=1',
    'auto.create.topics.enable=true',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=3',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=3',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    // A single test consumer joins at once instead of after the default 3 s.
    'group.initial.rebalance.delay.ms=0',
    '',
  ].join('\n');
}

/** Console logging (kept by LogTail), without the configuration dumps of every client and server. */
const LOG4J2 = [
  'rootLogger.level=INFO',
  'rootLogger.appenderRef.out.ref=OUT',
  'appender.out.type=Console',
  'appender.out.name=OUT',
  'appender.out.layout.type=PatternLayout',
  'appender.out.layout.pattern=[%d] %p %m (%c)%n',
  'logger.config.name=org.apache.kafka.common.config.AbstractConfig',
  'logger.config.level=WARN',
  '',
].join('\n');

const JVM_FLAGS = ['-Xms64m', '-Xmx256m', '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', '-Djava.awt.headless=true', '-Dlog4j2.disable.jmx=true'];

/** The last lines of the broker's console, for error messages and logTail(). */
class LogTail {
  #lines: string[] = [];
  #partial = '';
  readonly #max: number;
  constructor(max: number) {
    this.#max = max;
  }
  add(chunk: string): void {
    const parts = (this.#partial + chunk).split('\n');
    this.#partial = parts.pop() ?? '';
    this.#lines.push(...parts);
    if (this.#lines.length > this.#max) this.#lines.splice(0, this.#lines.length - this.#max);
  }
  /** The errors and their causes, then the last lines: what a failed start is reported with. */
  report(): string {
    const errors = this.#lines.filter((l) => /^\[[^\]]*\] (ERROR|FATAL) |^Caused by: /.test(l)).slice(-12);
    return `${errors.length > 0 ? `${errors.join('\n')}\n...\n` : ''}${this.text(25)}`;
  }
  text(lines = 40): string {
    const all = this.#partial === '' ? this.#lines : [...this.#lines, this.#partial];
    return all.length === 0 ? '(the broker wrote nothing)' : all.slice(-lines).join('\n');
  }
}

/** Whether the broker answers a metadata request naming itself. */
async function answers(brokers: string): Promise<boolean> {
  const admin = new Admin({ clientId: 'aai-local-kafka-probe', bootstrapBrokers: [brokers], retries: 0, timeout: 2_000 });
  try {
    const metadata = await admin.metadata({ topics: [] });
    return metadata.brokers.size > 0;
  } catch {
    return false;
  } finally {
    await admin.close().catch(() => undefined);
  }
}

/** Start a single-node Kafka broker; resolves once it answers a metadata request. */
export async function startLocalKafka(log: (msg: string) => void = () => undefined): Promise<LocalKafka> {
  const version = localKafkaVersion();
  const { java, seen } = findJava(JAVA_AS_FOR_NEO4J);
  if (java === null) {
    throw new ProvisionError(`Apache Kafka ${version} needs ${javaRequirement(JAVA_AS_FOR_NEO4J)}; found ${seen.length > 0 ? seen.map((m) => `Java ${m}`).join(', ') : 'no Java'} (JAVA_HOME, PATH, /usr/lib/jvm).`);
  }
  const lib = ensureKafkaJars(log, version);
  const started = Date.now();
  const home = mkdtempSync(join(tmpdir(), 'aai-kafka-'));
  const dataDir = join(home, 'data');
  mkdirSync(dataDir);
  const brokerPort = await freePort();
  let controllerPort = await freePort();
  while (controllerPort === brokerPort) controllerPort = await freePort();
  const props = join(home, 'server.properties');
  writeFileSync(props, serverProperties(dataDir, brokerPort, controllerPort));
  writeFileSync(join(home, 'log4j2.properties'), LOG4J2);
  const jvm = [java.bin, ...JVM_FLAGS, `-Dlog4j2.configurationFile=${join(home, 'log4j2.properties')}`, '-cp', `${lib}/*`];

  // Format the metadata log: a static quorum of this one node, under a fresh cluster id.
  const clusterId = randomBytes(16).toString('base64url');
  const formatted = await new Promise<{ ok: boolean; output: string }>((resolve) => {
    execFile(jvm[0] as string, [...jvm.slice(1), 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', props], { timeout: 60_000, encoding: 'utf8' }, (err, stdout, stderr) =>
      resolve({ ok: err === null, output: `${stdout}${stderr}` }),
    );
  });
  if (!formatted.ok) {
    rmSync(home, { recursive: true, force: true });
    throw new ProvisionError(`Kafka ${version} could not format its storage in ${dataDir}:\n${formatted.output.split('\n').slice(-20).join('\n')}`);
  }

  const pidFile = join(home, 'java.pid');
  // The broker's console is kept here, not in a file: the watchdog removes the data folder the
  // moment the JVM exits, before a failed start could be reported with its log.
  const child = spawn('/bin/sh', [watchdogScript(), String(process.pid), pidFile, home, ...jvm, 'kafka.Kafka', props], { stdio: ['ignore', 'pipe', 'pipe'] });
  const brokerLog = new LogTail(LOG_LINES);
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => brokerLog.add(chunk));
    // The pipes alone must not keep this process alive (stop() or the watchdog ends the JVM).
    (stream as unknown as { unref?: () => void }).unref?.();
  }
  let exitCode: number | null = null;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitCode = code ?? (signal ? 128 : 1);
      resolve();
    });
  });
  let pid = 0;
  // The watchdog removes `home` when the JVM exits, unless it was killed itself.
  const stop = stopperOf(child, exited, () => exitCode === null, () => pid, STOP_TIMEOUT_MS, () => rmSync(home, { recursive: true, force: true }));

  const brokers = `127.0.0.1:${brokerPort}`;
  try {
    for (;;) {
      if (pid === 0 && existsSync(pidFile)) pid = Number(readFileSync(pidFile, 'utf8').trim()) || 0;
      if (exitCode !== null) throw new ProvisionError(`Kafka ${version} exited with code ${exitCode} while starting. Its log:\n${brokerLog.report()}`);
      if (pid !== 0 && (await answers(brokers))) break;
      if (Date.now() - started > START_TIMEOUT_MS) {
        throw new ProvisionError(`Kafka ${version} did not answer on ${brokers} within ${START_TIMEOUT_MS / 1000} s. Its log:\n${brokerLog.report()}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (err) {
    // Read the log before stop() removes it with the data folder.
    await stop();
    throw err;
  }
  log(`Kafka ${version} answers on ${brokers} (pid ${pid}, ${((Date.now() - started) / 1000).toFixed(1)} s, Java ${java.major})`);
  return { version, brokers, pid, exitCode: () => exitCode, logTail: (lines?: number) => brokerLog.text(lines), stop };
}
