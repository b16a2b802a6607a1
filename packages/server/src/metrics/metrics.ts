import type { OAuthErrorCode } from '@chaman/domain';
import type { FastifyBaseLogger } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { certificateRepository, EXPIRY_BUCKETS, type ExpiryBucket } from '../certificate/certificate.repository.js';
import type { Reader } from '../db/database.js';
import { mailRepository } from '../mail/mail.repository.js';
import { templates } from '../mail/templates.js';
import { CLIENT_OPERATION_NAMES } from './client-operations.js';
import { RequestTally } from './request-tally.js';

/** The label of every GraphQL operation whose name the admin UI does not use (or that has none). */
export const OTHER_OPERATION = 'other';

/** What the server's parts report to the operators' metrics (GET /metrics, in Prometheus' text format). */
export interface Metrics {
  /** One answer of the token endpoint: `granted`, `slow_down` (429) or the OAuth error code. */
  countTokenRequest(outcome: string): void;
  /** One HTTP request answered, by its route's pattern (never the raw URL). */
  observeHttpRequest(method: string, route: string | undefined, statusCode: number, seconds: number): void;
  /** One GraphQL operation: `ok`, the public code of its refusal, or `error`. */
  observeGraphQLOperation(name: string | null | undefined, outcome: string, seconds: number): void;
  /** The exposition, with the database-backed gauges read now. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

/** Token outcomes shown from the start (at 0), so that the first refusal is a change `rate()` sees. */
const TOKEN_OUTCOMES = ['granted', 'slow_down', 'invalid_request', 'invalid_client', 'invalid_grant', 'invalid_scope', 'unsupported_grant_type'] as const satisfies readonly ('granted' | 'slow_down' | OAuthErrorCode)[];

/** Seconds; the token endpoint answers in about a millisecond, a page of accounts in tens. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The metrics of one server: a registry of its own (tests run several servers in one process),
 * with Node's process metrics, and the HTTP requests' histogram tallied beside it (see
 * RequestTally). The request paths only count in memory; the database is read when
 * Prometheus scrapes, with one statement for the outbox and one for the certificates.
 */
export function createMetrics({ db, log }: { db: Reader; log: FastifyBaseLogger }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  // The token endpoint is the hot path (benchmarked): it adds one to a number; the counter takes the
  // numbers when scraped.
  const tokenCounts = new Map<string, number>(TOKEN_OUTCOMES.map((outcome) => [outcome, 0]));
  new Counter({
    name: 'chaman_token_requests_total',
    help: 'Answers of the token endpoint, by outcome: granted, slow_down (rate limited) or the OAuth error code',
    labelNames: ['outcome'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [outcome, count] of tokenCounts) this.inc({ outcome }, count);
    },
  });

  const httpDuration = new RequestTally(
    'chaman_http_request_duration_seconds',
    'HTTP requests by method, route pattern (unmatched: no route) and status code, and how long they took to answer',
    LATENCY_BUCKETS,
  );

  const knownOperations = new Set(CLIENT_OPERATION_NAMES);
  const graphqlOperations = new Counter({
    name: 'chaman_graphql_operations_total',
    help: `GraphQL operations by name (those of the admin UI; any other: ${OTHER_OPERATION}) and outcome: ok, the public code of the refusal, or error`,
    labelNames: ['operation', 'outcome'],
    registers: [registry],
  });
  const graphqlDuration = new Histogram({
    name: 'chaman_graphql_operation_duration_seconds',
    help: `How long GraphQL operations took, by name (those of the admin UI; any other: ${OTHER_OPERATION})`,
    labelNames: ['operation'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });

  const outboxDepth = new Gauge({
    name: 'chaman_outbox_depth',
    help: 'Outbox rows waiting for delivery (pending, retries included), by kind',
    labelNames: ['kind'],
    registers: [registry],
  });
  const outboxOldestAge = new Gauge({
    name: 'chaman_outbox_oldest_age_seconds',
    help: 'Age of the oldest outbox row waiting for delivery, by kind (0: none waits)',
    labelNames: ['kind'],
    registers: [registry],
  });
  const certificates = new Gauge({
    name: 'chaman_certificates_in_use',
    help: 'Certificates used by at least one active REST account, by time left: expired, lt_7d, lt_14d, lt_30d, lt_60d (days) or ge_60d',
    labelNames: ['expiry'],
    registers: [registry],
  });
  const databaseErrors = new Counter({
    name: 'chaman_metrics_database_errors_total',
    help: 'Scrapes whose database-backed gauges (outbox, certificates) could not be read; those gauges are then left out',
    registers: [registry],
  });
  // Kinds are shown at 0 once known (every mail template; anything else once seen), so that a
  // drained outbox reads 0 instead of a series that vanished.
  const outboxKinds = new Set<string>(Object.keys(templates));
  const buckets: ExpiryBucket[] = [...EXPIRY_BUCKETS.map(([bucket]) => bucket), 'ge_60d'];

  async function readDatabase(): Promise<void> {
    const now = Date.now();
    try {
      const [backlog, inUse] = await Promise.all([mailRepository.backlogByKind(db), certificateRepository.inUseByExpiry(db, now)]);
      for (const row of backlog) outboxKinds.add(row.kind);
      for (const kind of outboxKinds) {
        const row = backlog.find((b) => b.kind === kind);
        outboxDepth.set({ kind }, row?.pending ?? 0);
        outboxOldestAge.set({ kind }, row ? Math.max(0, (now - row.oldestCreatedAt) / 1000) : 0);
      }
      for (const bucket of buckets) certificates.set({ expiry: bucket }, inUse.get(bucket) ?? 0);
    } catch (error) {
      log.warn({ err: error }, 'metrics: could not read the outbox and certificates');
      databaseErrors.inc();
      // No stale numbers: the gauges are left out of this scrape.
      outboxDepth.reset();
      outboxOldestAge.reset();
      certificates.reset();
    }
  }

  return {
    countTokenRequest(outcome) {
      tokenCounts.set(outcome, (tokenCounts.get(outcome) ?? 0) + 1);
    },
    observeHttpRequest(method, route, statusCode, seconds) {
      httpDuration.observe(method, route ?? 'unmatched', statusCode, seconds);
    },
    observeGraphQLOperation(name, outcome, seconds) {
      const operation = name && knownOperations.has(name) ? name : OTHER_OPERATION;
      graphqlOperations.inc({ operation, outcome });
      graphqlDuration.observe({ operation }, seconds);
    },
    async scrape() {
      await readDatabase();
      return { contentType: registry.contentType, body: `${await registry.metrics()}\n${httpDuration.render()}` };
    },
  };
}
