// A PostgreSQL wire-protocol listener in front of one PGlite session, so the services' `pg` driver
// and migrations run unchanged. It frames the frontend messages and hands each connection's
// request cycles to PGliteSession; extended-protocol messages are held back until the Sync (or
// Flush) that ends them, so a cycle reaches the session in one piece, pipelined or not.
import { createServer, Server, Socket } from 'node:net';
import { PGliteSession } from './pglite-session';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const TERMINATE = 0x58; // 'X'
/** Parse, Bind, Describe, Execute, Close: they wait for the Sync/Flush that ends their cycle. */
const EXTENDED = new Set([0x50, 0x42, 0x44, 0x45, 0x43]);
const MAX_MESSAGE_BYTES = 1 << 30;

export class PGliteWireServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private nextConnection = 1;

  constructor(private readonly session: PGliteSession) {
    this.server = createServer((socket) => this.serve(socket));
  }

  /** Listens on host:port (0: any free port) and returns the port. */
  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private serve(socket: Socket): void {
    const connection = this.nextConnection++;
    this.sockets.add(socket);
    socket.setNoDelay(true);
    let buffer = Buffer.alloc(0);
    let started = false;
    let held: Uint8Array[] = [];

    const submit = (bytes: Uint8Array): void => {
      this.session
        .run(connection, bytes, (data) => {
          // PGlite reuses its output buffer: copy before the socket queues it.
          if (!socket.destroyed) socket.write(Buffer.from(data));
        })
        .catch(() => socket.destroy());
    };

    const drop = (): false => {
      socket.destroy();
      return false;
    };
    // Returns false when the buffer holds no complete message yet.
    const nextMessage = (): boolean => {
      if (!started) {
        if (buffer.length < 8) return false;
        const length = buffer.readInt32BE(0);
        if (length < 8 || length > MAX_MESSAGE_BYTES) return drop();
        if (buffer.length < length) return false;
        const code = buffer.readInt32BE(4);
        const message = buffer.subarray(0, length);
        buffer = buffer.subarray(length);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) socket.write('N');
        // There is no backend process to interrupt: a cancel request is dropped, as PostgreSQL
        // does for an unknown key.
        else if (code === CANCEL_REQUEST) socket.end();
        else {
          started = true;
          submit(Buffer.from(message));
        }
        return true;
      }
      if (buffer.length < 5) return false;
      const length = buffer.readInt32BE(1);
      if (length < 4 || length > MAX_MESSAGE_BYTES) return drop();
      if (buffer.length < 1 + length) return false;
      const type = buffer[0] ?? 0;
      const message = buffer.subarray(0, 1 + length);
      buffer = buffer.subarray(1 + length);
      if (type === TERMINATE) {
        socket.end();
        return false;
      }
      held.push(Buffer.from(message));
      if (!EXTENDED.has(type)) {
        submit(held.length === 1 ? held[0] : Buffer.concat(held));
        held = [];
      }
      return true;
    };

    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (!socket.destroyed && nextMessage());
    });
    socket.on('error', () => socket.destroy());
    socket.once('close', () => {
      this.sockets.delete(socket);
      void this.session.release(connection);
    });
  }
}
