// One PGlite is one PostgreSQL session; many wire-protocol connections take turns on it. A turn
// is a whole request cycle, not a message: from a connection's first message after the session
// was idle until the backend reports ReadyForQuery with status idle ('I'). Until then the session
// belongs to that connection — its unnamed statement and portal, its open transaction, a
// half-read cursor (Flush) — and other connections' cycles wait. Handing the session over per
// message (what @electric-sql/pglite-socket 0.2 does outside a transaction block) lets another
// connection's Parse/Bind or simple Query replace or destroy this one's unnamed statement/portal:
// `portal "" does not exist`, `unnamed prepared statement does not exist`, or a Bind that silently
// runs another connection's statement.
import type { PGlite } from '@electric-sql/pglite';

/** A connection's batch of frontend messages ending in Sync, Query or Flush. */
interface Turn {
  owner: number;
  bytes: Uint8Array;
  onData: (data: Uint8Array) => void;
  done: (error?: Error) => void;
}

const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);
const READY_IDLE = [0x5a, 0, 0, 0, 5, 0x49]; // ReadyForQuery, status 'I'

function query(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`, 'utf8');
  const message = Buffer.alloc(5 + text.length);
  message[0] = 0x51;
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return message;
}

export class PGliteSession {
  private readonly waiting: Turn[] = [];
  /** The connection whose request cycle is open (null: the session is idle). */
  private owner: number | null = null;
  private running = false;

  constructor(private readonly db: PGlite) {}

  /** Runs a batch for `connection` in its turn; `onData` gets the backend's bytes as they come. */
  run(connection: number, bytes: Uint8Array, onData: (data: Uint8Array) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({
        owner: connection,
        bytes,
        onData,
        done: (error) => (error === undefined ? resolve() : reject(error)),
      });
      void this.pump();
    });
  }

  /** A connection went away: drop its waiting batches; if it held the session, end its cycle. */
  async release(connection: number): Promise<void> {
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      const turn = this.waiting[i];
      if (turn?.owner !== connection) continue;
      this.waiting.splice(i, 1);
      turn.done(new Error('connection closed'));
    }
    if (this.owner !== connection) return;
    // Sync ends an extended-protocol cycle (an error state included); ROLLBACK an open transaction.
    await this.run(connection, SYNC, () => undefined).catch(() => undefined);
    if (this.owner === connection && this.db.isInTransaction())
      await this.run(connection, query('ROLLBACK'), () => undefined).catch(() => undefined);
    if (this.owner === connection) this.owner = null;
    void this.pump();
  }

  private next(): Turn | undefined {
    const index =
      this.owner === null ? 0 : this.waiting.findIndex((turn) => turn.owner === this.owner);
    return index < 0 ? undefined : this.waiting.splice(index, 1)[0];
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let turn = this.next(); turn; turn = this.next()) {
        const tail: number[] = [];
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(turn.bytes, {
              onRawData: (data) => {
                for (const byte of data.subarray(Math.max(0, data.length - 6))) tail.push(byte);
                tail.splice(0, Math.max(0, tail.length - 6));
                turn.onData(data);
              },
            }),
          );
        } catch (error) {
          // PGlite itself failed (not an SQL error, which is a message in the stream).
          this.owner = null;
          turn.done(error instanceof Error ? error : new Error(String(error)));
          continue;
        }
        const idle = tail.length === 6 && tail.every((byte, i) => byte === READY_IDLE[i]);
        this.owner = idle ? null : turn.owner;
        turn.done();
      }
    } finally {
      this.running = false;
    }
  }
}
