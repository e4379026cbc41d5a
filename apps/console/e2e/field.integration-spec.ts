// The field PWA in Chromium against the real system, really offline (context.setOffline), on a
// persistent browser profile so that closing and reopening the browser is real too.
import { afterAll, beforeAll, describe, jest } from '@jest/globals';
import { fieldAtRiskHouseholdsOffline } from './field-at-risk.behaviour';
import { fieldGrievancesOffline } from './field-grievance.behaviour';
import { fieldInvalidVisitRefusedOthersAccepted } from './field-invalid-visit.behaviour';
import { fieldNetworkCutMidSync } from './field-network-cut.behaviour';
import { fieldOfflineRoundTrip } from './field-offline.behaviour';
import { fieldTokenExpiresOffline } from './field-token-expiry.behaviour';
import { fieldTwoDevicesSameCash } from './field-two-devices-conflict.behaviour';
import { type Harness, startHarness, stopHarness } from './kit';

jest.setTimeout(240_000);

describe('field app offline in Chromium against the real system', () => {
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

  fieldOfflineRoundTrip(h);
  fieldNetworkCutMidSync(h);
  fieldTokenExpiresOffline(h);
  fieldTwoDevicesSameCash(h);
  fieldInvalidVisitRefusedOthersAccepted(h);
  fieldAtRiskHouseholdsOffline(h);
  fieldGrievancesOffline(h);
});
