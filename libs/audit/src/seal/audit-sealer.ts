import { createEvent, ENVELOPE_HEADERS, EventPayloads, TOPICS } from '@aidflow/contracts';
import { schemaOf } from '@aidflow/database';
import { KafkaConnection } from '@aidflow/messaging';
import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DataSource, EntityManager } from 'typeorm';
import { hashedFields } from '../record/audit-row';
import { headHash, HeadStatement, signHead } from './head';
import { leafHash, merkleRoot } from './merkle';
import { SealKey } from './seal-key';
import {
  insertSeal,
  lastSeal,
  markPublished,
  readyRows,
  releaseLease,
  SealRow,
  sealsAfter,
  takeLease,
} from './seal-store';

export interface SealerOptions {
  serviceName: string;
  key: SealKey;
  intervalMs: number;
  batchSize: number;
  leaseMs: number;
}

export interface TickResult {
  leader: boolean;
  sealed: number;
  published: number;
}

const PUBLISH_BATCH = 100;

/**
 * Seals this service's audit log: the lease holder (one replica; the others stand by and take
 * over when it lapses) reads committed rows in commit order, builds a Merkle tree per batch, signs
 * the head chained to the previous one, and publishes each head on aidflow.audit.v1.
 */
export class AuditSealer {
  private readonly logger = new Logger('AuditSealer');
  readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  readonly log: string;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: SealerOptions,
    private readonly kafka?: KafkaConnection,
  ) {
    this.log = schemaOf(dataSource);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake?.();
    await this.loop;
    // Hand over at once rather than making a standby wait for the lease to lapse.
    await releaseLease(this.dataSource.manager, this.holder).catch(() => undefined);
  }

  /** Ticks until nothing is left to seal or publish (tests, tools). */
  async drain(): Promise<TickResult> {
    const total: TickResult = { leader: false, sealed: 0, published: 0 };
    for (;;) {
      const result = await this.tick();
      total.leader ||= result.leader;
      total.sealed += result.sealed;
      total.published += result.published;
      if (!result.leader || (result.sealed === 0 && result.published === 0)) return total;
    }
  }

  /** One round: renew the lease, seal one batch if rows are ready, publish unpublished heads. */
  async tick(): Promise<TickResult> {
    const sealed = await this.dataSource.transaction(async (manager) => {
      const lease = await takeLease(manager, this.holder, this.options.leaseMs);
      if (!lease) return undefined;
      return { rows: await this.sealBatch(manager), publishedBatch: lease.published_batch };
    });
    if (!sealed) return { leader: false, sealed: 0, published: 0 };
    const published = this.kafka ? await this.publish(sealed.publishedBatch) : 0;
    return { leader: true, sealed: sealed.rows, published };
  }

  private async sealBatch(manager: EntityManager): Promise<number> {
    const previous = await lastSeal(manager);
    const rows = await readyRows(
      manager,
      { tx: previous?.last_tx ?? '0', seq: previous?.last_seq ?? '0' },
      this.options.batchSize,
    );
    if (rows.length === 0) return 0;
    const leaves = rows.map((row) => leafHash(hashedFields(row)));
    const last = rows[rows.length - 1];
    const statement: HeadStatement = {
      log: this.log,
      batch: Number(previous?.batch ?? 0) + 1,
      size: rows.length,
      treeSize: Number(previous?.tree_size ?? 0) + rows.length,
      lastTx: last.tx,
      lastSeq: last.seq,
      root: merkleRoot(leaves),
      prevHead: previous?.head ?? null,
      sealedAt: new Date().toISOString(),
    };
    // The batch number is the primary key: two sealers racing for it cannot fork the chain.
    await insertSeal(manager, {
      batch: String(statement.batch),
      size: statement.size,
      tree_size: String(statement.treeSize),
      last_tx: statement.lastTx,
      last_seq: statement.lastSeq,
      seqs: rows.map((row) => row.seq),
      leaves,
      root: statement.root,
      prev_head: statement.prevHead,
      head: headHash(statement),
      key_id: this.options.key.keyId,
      signature: signHead(statement, this.options.key.privateKey),
      sealed_at: statement.sealedAt,
    });
    return rows.length;
  }

  /** The seal row is its own outbox row: published after commit, marked after the broker acks. */
  private async publish(publishedBatch: string): Promise<number> {
    if (!this.kafka) return 0;
    const seals = await sealsAfter(this.dataSource.manager, publishedBatch, PUBLISH_BATCH);
    if (seals.length === 0) return 0;
    const producer = await this.kafka.producer();
    await producer.send({
      topic: this.kafka.name(TOPICS.audit),
      acks: -1,
      messages: seals.map((seal) => {
        const event = createEvent('audit.sealed', {
          aggregateId: this.log,
          data: headEventData(this.log, seal),
          producer: this.options.serviceName,
          correlationId: `${this.log}:audit:${seal.batch}`,
        });
        return {
          key: this.log,
          value: JSON.stringify(event),
          headers: {
            [ENVELOPE_HEADERS.id]: event.id,
            [ENVELOPE_HEADERS.type]: event.type,
            [ENVELOPE_HEADERS.version]: String(event.version),
            [ENVELOPE_HEADERS.correlationId]: event.correlationId,
            [ENVELOPE_HEADERS.producer]: event.producer,
          },
        };
      }),
    });
    await markPublished(this.dataSource.manager, this.holder, seals[seals.length - 1].batch);
    return seals.length;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const result = await this.tick();
        failures = 0;
        const more = result.sealed === this.options.batchSize || result.published === PUBLISH_BATCH;
        if (!more) await this.idle(this.options.intervalMs);
      } catch (error) {
        // Nothing is lost by waiting: unsealed rows and unpublished heads stay where they are.
        failures += 1;
        this.logger.error(`audit sealer failed (attempt ${failures}): ${(error as Error).message}`);
        await this.idle(Math.min(30000, this.options.intervalMs * 2 ** Math.min(failures, 8)));
      }
    }
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

export function headEventData(log: string, seal: SealRow): EventPayloads['audit.sealed'] {
  return {
    log,
    batch: Number(seal.batch),
    size: seal.size,
    treeSize: Number(seal.tree_size),
    lastTx: seal.last_tx,
    lastSeq: seal.last_seq,
    root: seal.root,
    ...(seal.prev_head !== null ? { prevHead: seal.prev_head } : {}),
    head: seal.head,
    keyId: seal.key_id,
    signature: seal.signature,
    sealedAt: seal.sealed_at.toISOString(),
  };
}
