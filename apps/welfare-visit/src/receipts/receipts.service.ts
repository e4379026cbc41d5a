import { AuthUser } from '@aidflow/auth';
import { notFound, unprocessable } from '@aidflow/platform';
import { UnitOfWork } from '@aidflow/service-kit';
import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { sniffImageType } from './image-type';
import {
  RECEIPT_BLOB_STORE,
  RECEIPT_CONTENT_TYPES,
  ReceiptBlob,
  ReceiptBlobStore,
  ReceiptContentType,
} from './receipt-blob-store';
import { ReceiptsRepository, ReceiptStatus } from './receipts.repository';

export interface ReceiptUpload {
  visitId: string;
  sha256: string;
  /** The request's Content-Type header as sent. */
  contentType: string | undefined;
  /** The parsed body: a Buffer for the image types, anything else for other types. */
  body: unknown;
}

/** Receipt images: checked, content-addressed, confirmed per visit, read only in the visit's scope. */
@Injectable()
export class ReceiptsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: ReceiptsRepository,
    @Inject(RECEIPT_BLOB_STORE) private readonly store: ReceiptBlobStore,
  ) {}

  /** PUT /api/visits/:id/receipts/:sha256 → created (201) or already stored (200). */
  async put(user: AuthUser, upload: ReceiptUpload): Promise<{ created: boolean } & ReceiptStatus> {
    const { visitId, sha256 } = upload;
    const contentType = mediaType(upload.contentType);
    if (!contentType || !Buffer.isBuffer(upload.body)) {
      throw unsupported('content-type', `must be one of ${RECEIPT_CONTENT_TYPES.join(', ')}`);
    }
    const bytes = upload.body;
    if (bytes.length === 0) throw unsupported('body', 'is empty');
    const actualType = sniffImageType(bytes);
    if (actualType !== contentType) {
      throw unsupported('body', `is not ${contentType} (${actualType ?? 'not an image'})`);
    }

    const visit = await this.repository.visitFor(user, visitId, sha256);
    if (!visit) throw notFound(`visit ${visitId}`);
    if (!visit.listed) {
      throw unprocessable(`visit ${visitId} names no receipt ${sha256}`, [
        { field: 'sha256', problem: 'no beneficiary line of this visit has this receiptSha256' },
      ]);
    }
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== sha256) {
      throw unprocessable('the image does not match its SHA-256', [
        { field: 'body', problem: `has SHA-256 ${actual}, not the ${sha256} of the path` },
      ]);
    }
    if (visit.stored) return { created: false, sha256, stored: true };

    // Blob before link: a confirmed receipt never points at bytes the store does not hold.
    await this.store.put({ sha256, contentType, bytes });
    const created = await this.uow.run({}, async (tx) => {
      const linked = await this.repository.link(
        tx.manager,
        { visitId, sha256, contentType, byteSize: bytes.length },
        user.sub,
      );
      if (!linked) tx.unchanged('the receipt was linked already');
      if (linked) {
        tx.withoutEvent('receipts stay in this service: no event names them');
        tx.record({
          action: 'visit.receipt.store',
          targetType: 'visit',
          targetId: visitId,
          summary: { sha256, contentType, byteSize: bytes.length },
        });
      }
      return linked;
    });
    return { created, sha256, stored: true };
  }

  /** GET /api/visits/:id/receipts/:sha256: only a receipt confirmed for a visit the user may read. */
  async get(user: AuthUser, visitId: string, sha256: string): Promise<ReceiptBlob> {
    const visit = await this.repository.visitFor(user, visitId, sha256);
    const blob = visit?.stored ? await this.store.get(sha256) : null;
    if (!blob) throw notFound(`receipt ${sha256} of visit ${visitId}`);
    return blob;
  }

  /** `receipts: [{sha256, stored}]` for GET /api/visits/:id. */
  async statusOf(visitId: string): Promise<ReceiptStatus[]> {
    return (await this.repository.statusOf([visitId])).get(visitId) ?? [];
  }
}

function mediaType(header: string | undefined): ReceiptContentType | null {
  const type = header?.split(';')[0]?.trim().toLowerCase();
  return RECEIPT_CONTENT_TYPES.find((t) => t === type) ?? null;
}

function unsupported(field: string, problem: string): HttpException {
  return new HttpException(
    {
      statusCode: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      error: 'Unsupported Media Type',
      message: `unsupported receipt: ${field} ${problem}`,
      details: [{ field, problem }],
    },
    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  );
}
