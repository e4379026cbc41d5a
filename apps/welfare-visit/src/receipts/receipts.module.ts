import { Module } from '@nestjs/common';
import { PgReceiptBlobStore } from './pg-receipt-blob-store';
import { ReceiptBodyParser } from './receipt-body-parser';
import { RECEIPT_BLOB_STORE } from './receipt-blob-store';
import { ReceiptsController } from './receipts.controller';
import { ReceiptsRepository } from './receipts.repository';
import { ReceiptsService } from './receipts.service';

/** Receipt images of visits (CONTRACT.md, Receipts). Swap RECEIPT_BLOB_STORE for another store. */
@Module({
  controllers: [ReceiptsController],
  providers: [
    ReceiptsService,
    ReceiptsRepository,
    ReceiptBodyParser,
    { provide: RECEIPT_BLOB_STORE, useClass: PgReceiptBlobStore },
  ],
  exports: [ReceiptsService],
})
export class ReceiptsModule {}
