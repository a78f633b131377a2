// A single-node Kafka 4.x broker in KRaft mode (broker and controller in one JVM).
// Its jars come from Maven Central through Maven, fetched once into the cache folder.
// Clients log in with SASL/SCRAM-SHA-512, each principal (kafka/principals.ts) with its development
// password, created when the storage is formatted; the StandardAuthorizer refuses whatever the ACLs
// granted at every start (kafka/acls.ts) do not allow. The controller listener, which SCRAM cannot
// serve (its credentials live in the metadata the controller serves), takes SASL/PLAIN with the
// admin principal's password. Loopback only, so no TLS here; docker-compose.yml adds it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { developmentKafkaPassword, type StackConfig } from '../infra/config.ts';
import { grantPipelineAcls } from '../kafka/acls.ts';
import { type Kafka, kafkaClient, type ProbeOptions } from '../kafka/client.ts';
import { describeCluster } from '../kafka/cluster.ts';
import { KAFKA_PRINCIPALS } from '../kafka/principals.ts';
import { pipelineNamesFromEnv } from '../streams/pipeline-names.ts';
import { download } from './download.ts';
import { ensurePrerequisites, JAVA_17, MAVEN } from './prerequisites.ts';
import { assertPortFree, runningPid, type ServiceProcess, spawnDetached, stopProcess, waitUntil } from './process.ts';
import { run } from './run.ts';
import type { ServiceStatus } from './status.ts';

export const KAFKA_VERSION = '4.1.1';
const LOG4J_VERSION = '2.24.3';

export function kafkaProcess(config: StackConfig): ServiceProcess {
  return {
    name: 'kafka',
    pidFile: path.join(config.dataDir, 'pids', 'kafka.pid'),
    logFile: path.join(config.dataDir, 'logs', 'kafka.log'),
    marker: 'kafka.Kafka',
  };
}

function libDir(config: StackConfig): string {
  return path.join(config.cacheDir, `kafka-${KAFKA_VERSION}`, 'libs');
}

function pom(): string {
  const dep = (g: string, a: string, v: string) =>
    `<dependency><groupId>${g}</groupId><artifactId>${a}</artifactId><version>${v}</version></dependency>`;
  return `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>taskforce</groupId><artifactId>kafka-runtime</artifactId><version>1</version><packaging>pom</packaging>
<dependencies>
${dep('org.apache.kafka', 'kafka_2.13', KAFKA_VERSION)}
${dep('org.apache.logging.log4j', 'log4j-slf4j-impl', LOG4J_VERSION)}
</dependencies></project>
`;
}

async function ensureJars(config: StackConfig): Promise<string> {
  const libs = libDir(config);
  const complete = path.join(libs, '.complete');
  if (fs.existsSync(complete)) return libs;
  await ensurePrerequisites('Kafka', [JAVA_17, MAVEN]);
  const work = path.dirname(libs);
  // A Maven repository of this download's own, inside the cache folder like every other download,
  // and removed once the jars are copied out of it.
  const repository = path.join(work, 'maven-repository');
  fs.mkdirSync(work, { recursive: true });
  fs.writeFileSync(path.join(work, 'pom.xml'), pom());
  fs.rmSync(libs, { recursive: true, force: true });
  await download(
    {
      what: `the jars of Kafka ${KAFKA_VERSION} with Maven`,
      about: 'about 52 MB, the first time only',
      into: repository,
      shows: (line) => line.startsWith('[ERROR]'),
    },
    'mvn',
    [
      '-B',
      '--no-transfer-progress',
      '-Dstyle.color=never',
      `-Dmaven.repo.local=${repository}`,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${libs}`,
      '-DincludeScope=runtime',
    ],
    { cwd: work, timeoutMs: 900_000 },
  );
  fs.rmSync(repository, { recursive: true, force: true });
  fs.writeFileSync(complete, `${KAFKA_VERSION}\n`);
  return libs;
}

/** A JAAS login line of `module` (under org.apache.kafka.common.security) for `login`, plus `extra` options. */
function jaas(module: string, login: { username: string; password: string }, extra = ''): string {
  return `org.apache.kafka.common.security.${module} required username="${login.username}" password="${login.password}"${extra ? ` ${extra}` : ''};`;
}

/** Where the broker keeps its data (`log.dirs`). */
function logDirOf(config: StackConfig): string {
  return path.join(config.dataDir, 'kafka', 'data');
}

function writeConfig(config: StackConfig): { properties: string; log4j: string; logDir: string } {
  const logDir = logDirOf(config);
  const dir = path.dirname(logDir);
  fs.mkdirSync(dir, { recursive: true });
  const { port, controllerPort, admin } = config.kafka;
  const properties = path.join(dir, 'server.properties');
  fs.writeFileSync(
    properties,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
      `listeners=BROKER://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=BROKER://127.0.0.1:${port}`,
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=BROKER',
      'listener.security.protocol.map=BROKER:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT',
      'listener.name.broker.sasl.enabled.mechanisms=SCRAM-SHA-512',
      'sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512',
      `listener.name.broker.scram-sha-512.sasl.jaas.config=${jaas('scram.ScramLoginModule', admin)}`,
      'listener.name.controller.sasl.enabled.mechanisms=PLAIN',
      'sasl.mechanism.controller.protocol=PLAIN',
      `listener.name.controller.plain.sasl.jaas.config=${jaas('plain.PlainLoginModule', admin, `user_${admin.username}="${admin.password}"`)}`,
      'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
      `super.users=User:${admin.username}`,
      `log.dirs=${logDir}`,
      'num.partitions=3',
      'offsets.topic.replication.factor=1',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'share.coordinator.state.topic.replication.factor=1',
      'group.initial.rebalance.delay.ms=0',
      'auto.create.topics.enable=true',
      'log.retention.hours=-1',
      '',
    ].join('\n'),
  );
  const log4j = path.join(dir, 'log4j2.properties');
  fs.writeFileSync(
    log4j,
    [
      'rootLogger.level=WARN',
      'rootLogger.appenderRef.stdout.ref=STDOUT',
      'appender.stdout.type=Console',
      'appender.stdout.name=STDOUT',
      'appender.stdout.layout.type=PatternLayout',
      'appender.stdout.layout.pattern=[%d] %p %m (%c)%n',
      'logger.kafka.name=kafka.server.KafkaRaftServer',
      'logger.kafka.level=INFO',
      '',
    ].join('\n'),
  );
  return { properties, log4j, logDir };
}

function javaArgs(libs: string, log4j: string, heapMb: number): string[] {
  return [
    `-Xms${Math.min(256, heapMb)}m`,
    `-Xmx${heapMb}m`,
    '-XX:+UseG1GC',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${log4j}`,
    '-cp',
    `${libs}/*`,
  ];
}

/** Written once the storage is formatted with every principal's SCRAM credentials; lists them. */
function principalsFile(logDir: string): string {
  return path.join(path.dirname(logDir), 'scram-principals');
}

/**
 * Kafka data formatted before the broker took SASL (or before a principal existed) has no
 * credentials for them, and a running broker from then listens without SASL: both need a reset.
 */
function assertFormattedWithScram(config: StackConfig): void {
  const logDir = logDirOf(config);
  if (!fs.existsSync(path.join(logDir, 'meta.properties'))) return;
  const file = principalsFile(logDir);
  const known = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n') : [];
  const missing = KAFKA_PRINCIPALS.filter((principal) => !known.includes(principal));
  if (missing.length === 0) return;
  throw new Error(
    [
      `the Kafka data in ${logDir} was formatted without SCRAM credentials for ${missing.join(', ')}`,
      '(before Kafka took SASL/SCRAM logins, or before these principals existed), and a broker started',
      'from it listens without them. Its cases and topics cannot be kept: stop the stack and delete its',
      `data with \`npm run stack -- reset --profile ${config.profile}\`, then start again.`,
    ].join(' '),
  );
}

function formatStorage(libs: string, files: { properties: string; log4j: string; logDir: string }, heapMb: number): void {
  if (fs.existsSync(path.join(files.logDir, 'meta.properties'))) return;
  // A KRaft cluster id is 16 random bytes in URL-safe base64 without padding.
  const clusterId = crypto.randomBytes(16).toString('base64url');
  run('java', [
    ...javaArgs(libs, files.log4j, Math.min(heapMb, 256)),
    'kafka.tools.StorageTool',
    'format',
    '-t',
    clusterId,
    '-c',
    files.properties,
    ...KAFKA_PRINCIPALS.flatMap((name) => ['--add-scram', `SCRAM-SHA-512=[name=${name},password=${developmentKafkaPassword(name)}]`]),
  ]);
  fs.writeFileSync(principalsFile(files.logDir), `${KAFKA_PRINCIPALS.join('\n')}\n`, { mode: 0o600 });
}

function adminClient(config: StackConfig, clientId: string, probe: ProbeOptions = {}): Kafka {
  return kafkaClient({ kafkaBrokers: [`127.0.0.1:${config.kafka.port}`], kafkaLogin: config.kafka.admin }, clientId, {
    retries: 0,
    ...probe,
  });
}

/**
 * Healthy means the broker answers with cluster metadata, not merely that the port is open. Asked
 * every few hundred milliseconds while Kafka starts, so its refusals are the answer, not log lines.
 */
export async function kafkaHealthy(config: StackConfig): Promise<boolean> {
  const kafka = adminClient(config, 'taskforce-stack', { silent: true });
  try {
    const cluster = await describeCluster(kafka);
    return cluster.brokers > 0 && cluster.controller !== null;
  } catch {
    return false;
  }
}

export async function kafkaUp(config: StackConfig): Promise<void> {
  const svc = kafkaProcess(config);
  assertFormattedWithScram(config);
  const libs = await ensureJars(config);
  const files = writeConfig(config);
  if (runningPid(svc) === undefined) {
    await assertPortFree('kafka', config.kafka.port);
    await assertPortFree('kafka controller', config.kafka.controllerPort);
    formatStorage(libs, files, config.kafka.heapMb);
    spawnDetached(svc, {
      command: 'java',
      args: [...javaArgs(libs, files.log4j, config.kafka.heapMb), 'kafka.Kafka', files.properties],
    });
  }
  await waitUntil('kafka', () => kafkaHealthy(config), 120_000, svc);
  await grantPipelineAcls(adminClient(config, 'taskforce-stack-acls'), pipelineNamesFromEnv());
}

export async function kafkaDown(config: StackConfig): Promise<boolean> {
  return stopProcess(kafkaProcess(config), 'SIGTERM', 30_000);
}

export async function kafkaStatus(config: StackConfig): Promise<ServiceStatus> {
  return { service: 'kafka', port: config.kafka.port, pid: runningPid(kafkaProcess(config)), healthy: await kafkaHealthy(config) };
}
