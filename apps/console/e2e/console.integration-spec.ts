// The console's browser tests: one real system (npm start on its own ports, database and topic
// prefix) and one Chromium for all behaviours, each behaviour in its own file.
import { afterAll, beforeAll, describe, jest } from '@jest/globals';
import { advanceRequestApproveSettle } from './advance-settle.behaviour';
import { approversRace } from './approval-race.behaviour';
import { atRiskHouseholdsPerSite } from './at-risk-households.behaviour';
import { importShowsBadRowsFirst } from './beneficiary-import.behaviour';
import { bulkCsvChecksRowsFirst } from './bulk-csv.behaviour';
import { deadLetterReplayedFromTheScreen } from './dlq-replay.behaviour';
import { financeRequestThenApprove } from './finance-approve.behaviour';
import { sensitiveGrievancesAdminOnly } from './grievances.behaviour';
import { type Harness, startHarness, stopHarness } from './kit';
import { liveFeedReconnects } from './live-feed-reconnect.behaviour';
import { opsDashboard } from './ops-dashboard.behaviour';
import { ownRequestCannotBeApproved } from './own-request.behaviour';
import { releaseApprovedDisbursement } from './release.behaviour';
import { reportsDownload } from './reports-download.behaviour';
import { signInThroughTheLoginPage } from './sign-in.behaviour';
import { signOutAndBack } from './sign-out-back.behaviour';
import { silentRenewalWhileOnline } from './silent-renewal.behaviour';
import { everyPageInTibetan } from './tibetan-screens.behaviour';
import { verificationCallListOnAPhone } from './verification-call-list.behaviour';

jest.setTimeout(120_000);

describe('console in Chromium against the real system', () => {
  let harness: Harness | undefined;
  const h = (): Harness => {
    if (!harness) throw new Error('the system did not start');
    return harness;
  };

  beforeAll(async () => {
    harness = await startHarness();
  }, 300_000);

  afterAll(async () => {
    await stopHarness(harness);
  }, 60_000);

  signInThroughTheLoginPage(h);
  silentRenewalWhileOnline(h);
  opsDashboard(h);
  liveFeedReconnects(h);
  financeRequestThenApprove(h);
  ownRequestCannotBeApproved(h);
  bulkCsvChecksRowsFirst(h);
  approversRace(h);
  advanceRequestApproveSettle(h);
  releaseApprovedDisbursement(h);
  verificationCallListOnAPhone(h);
  sensitiveGrievancesAdminOnly(h);
  atRiskHouseholdsPerSite(h);
  importShowsBadRowsFirst(h);
  deadLetterReplayedFromTheScreen(h);
  reportsDownload(h);
  everyPageInTibetan(h);
  signOutAndBack(h);
});
