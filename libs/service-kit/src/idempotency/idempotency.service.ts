import { canonicalJson, JsonValue } from '@aidflow/audit';
import { badRequest, RequestContext, unprocessable } from '@aidflow/platform';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';

const KEY_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;

export interface IdempotentOutcome<T> {
  /** True when this is a repeat and `result` is the first request's. */
  replayed: boolean;
  result: T;
}

/**
 * Makes a write happen once per (actor, key). The key row is inserted in the caller's transaction
 * before the work: a concurrent repeat blocks on the primary key until the first commits, then
 * reads its stored result; if the first rolled back, the repeat does the work itself.
 */
@Injectable()
export class IdempotencyService {
  async once<T>(
    manager: EntityManager,
    key: string | undefined,
    request: unknown,
    work: () => Promise<T>,
  ): Promise<IdempotentOutcome<T>> {
    if (key === undefined || key === '') return { replayed: false, result: await work() };
    if (!KEY_PATTERN.test(key)) {
      throw badRequest([
        { field: 'Idempotency-Key', problem: 'must be 8–128 characters of A–Z a–z 0–9 . _ : -' },
      ]);
    }
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error("idempotent writes need the caller's transaction");
    }
    const actor = RequestContext.current()?.actor?.sub ?? 'anonymous';
    // The JSON round trip drops undefined fields and class prototypes, as the wire format would.
    const normalized = JSON.parse(JSON.stringify(request ?? null)) as JsonValue;
    const requestHash = createHash('sha256').update(canonicalJson(normalized)).digest('hex');
    const inserted = await manager.query<unknown[]>(
      `INSERT INTO idempotency_keys (actor, key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING key`,
      [actor, key, requestHash],
    );
    if (inserted.length === 0) {
      const [stored] = await manager.query<{ request_hash: string; result: T | null }[]>(
        `SELECT request_hash, result FROM idempotency_keys WHERE actor = $1 AND key = $2`,
        [actor, key],
      );
      if (!stored || stored.request_hash !== requestHash || stored.result === null) {
        // A business-rule refusal (issue 5): the key is spoken for; the client must pick a new one.
        throw unprocessable('this Idempotency-Key was already used for a different request', [
          { field: 'Idempotency-Key', problem: 'reused with a different request' },
        ]);
      }
      return { replayed: true, result: stored.result };
    }
    const result = await work();
    await manager.query(
      `UPDATE idempotency_keys SET result = $3::json WHERE actor = $1 AND key = $2`,
      [actor, key, JSON.stringify(result)],
    );
    return { replayed: false, result };
  }
}
