import { createHash, KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson } from './merkle';

/** What a batch's signature covers. */
export interface HeadStatement {
  log: string;
  batch: number;
  size: number;
  treeSize: number;
  lastTx: string;
  lastSeq: string;
  root: string;
  prevHead: string | null;
  sealedAt: string;
}

export function statementText(statement: HeadStatement): string {
  return canonicalJson({ v: 1, ...statement });
}

/** sha256 of the statement, hex: the value the next batch chains to. */
export function headHash(statement: HeadStatement): string {
  return createHash('sha256').update(statementText(statement)).digest('hex');
}

export function signHead(statement: HeadStatement, privateKey: KeyObject): string {
  return sign(null, Buffer.from(statementText(statement)), privateKey).toString('base64');
}

export function headSignatureValid(
  statement: HeadStatement,
  signature: string,
  publicKey: KeyObject,
): boolean {
  return verify(
    null,
    Buffer.from(statementText(statement)),
    publicKey,
    Buffer.from(signature, 'base64'),
  );
}
