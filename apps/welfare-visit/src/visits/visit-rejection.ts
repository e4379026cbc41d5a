import { badRequest, conflict, ErrorDetail, forbidden, unprocessable } from '@aidflow/platform';
import { HttpException } from '@nestjs/common';

/** Why a visit is refused: decides the single POST's status code; a batch reports it per visit. */
export type RejectionKind = 'invalid' | 'forbidden' | 'unprocessable' | 'conflict';

/** A cash line whose disbursement another visit already took, and the detail's field. */
export interface HandedOverCash {
  disbursementId: string;
  field: string;
}

/** A visit refused for a reason about the visit itself (not an infrastructure failure). */
export class VisitRejection extends Error {
  constructor(
    readonly kind: RejectionKind,
    message: string,
    readonly details: ErrorDetail[],
    /** Cash lines refused because another visit already took that disbursement. */
    readonly handedOver: HandedOverCash[] = [],
  ) {
    super(message);
    this.name = 'VisitRejection';
  }

  /** 400 / 403 / 422 / 409 in the contract's error body. */
  toHttpException(): HttpException {
    switch (this.kind) {
      case 'invalid':
        return badRequest(this.details);
      case 'forbidden':
        return forbidden(this.message, this.details);
      case 'unprocessable':
        return unprocessable(this.message, this.details);
      case 'conflict':
        return conflict(this.message, this.details);
    }
  }
}
