/**
 * Idempotent schema migrations, run at every start-up before the service listens.
 * The uniqueness constraint on `aai-uri` is what makes duplicate objects impossible, even under
 * concurrent writers on several service instances; its range index also serves URI-prefix scans
 * (children, cascades, depth reads).
 */
import type { Driver } from 'neo4j-driver';
import { NODE_LABEL } from '../domain/model.js';

export { NODE_LABEL };
export const JOB_LABEL = 'AaiBulkJob';
export const JOB_TX_LABEL = 'AaiBulkJobTx';

const STATEMENTS = [
  `CREATE CONSTRAINT aai_uri_unique IF NOT EXISTS FOR (n:${NODE_LABEL}) REQUIRE n.\`aai-uri\` IS UNIQUE`,
  `CREATE CONSTRAINT aai_job_id_unique IF NOT EXISTS FOR (j:${JOB_LABEL}) REQUIRE j.id IS UNIQUE`,
  `CREATE INDEX aai_job_status IF NOT EXISTS FOR (j:${JOB_LABEL}) ON (j.status)`,
  // A client's stored job input (JOB_CLIENT_MAX_STORED_BYTES) is summed over its own jobs.
  `CREATE INDEX aai_job_owner IF NOT EXISTS FOR (j:${JOB_LABEL}) ON (j.sourceOfTruth)`,
  // (jobId, seq) unique: a retried input write can never store a transaction twice.
  'DROP INDEX aai_job_tx_key IF EXISTS',
  `CREATE CONSTRAINT aai_job_tx_unique IF NOT EXISTS FOR (t:${JOB_TX_LABEL}) REQUIRE (t.jobId, t.seq) IS UNIQUE`,
];

export async function runMigrations(driver: Driver, database: string): Promise<void> {
  for (const statement of STATEMENTS) {
    await driver.executeQuery(statement, {}, { database });
  }
  await driver.executeQuery('CALL db.awaitIndexes(300)', {}, { database });
}
