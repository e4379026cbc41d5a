import { ApiError, ok } from '@aidflow/api-client';
import { ORGS } from '../maduo-data';
import type { Scenario, User } from '../scenario';

/** 1. The union tree. It outlives one response: on a replay it is already there (409). */
export async function unionTree(s: Scenario, admin: User): Promise<void> {
  for (const org of ORGS) {
    await ok(admin.api.POST('/api/orgs', { body: org })).catch((error: unknown) => {
      if (!(error instanceof ApiError && error.status === 409)) throw error;
    });
  }
  s.progress(`union tree: ${ORGS.map((o) => o.code).join(' → ')}`);
}
