// Sign-in against the real provider process: `npm start` on its own ports, database and topic
// prefix (identity + the four services + the gateway), each behaviour in its own file.
import { signDevToken } from '@aidflow/auth';
import { type RunningSystem, startSystem } from '@aidflow/testing';
import { afterAll, beforeAll, describe, jest } from '@jest/globals';
import { codeFlowWithPkce } from './code-flow.behaviour';
import { discoveryOnTheOneOrigin } from './discovery.behaviour';
import { wrongPasswordFiveTimesIsRateLimited } from './lockout.behaviour';
import { refreshTokensRotate } from './refresh-rotation.behaviour';
import { revokedAccessTokensRefused } from './revoked-access-token.behaviour';
import { revokedAndExpiredTokens } from './revoked-expired.behaviour';
import { everyServiceVerifiesThroughJwks } from './services-verify.behaviour';

jest.setTimeout(60_000);

export interface SignInSystem {
  base: string;
  databaseUrl: string;
  devToken: string;
}

describe('sign-in with the embedded OpenID provider', () => {
  let system: RunningSystem | undefined;
  let devToken = '';
  const s = (): SignInSystem => {
    if (!system) throw new Error('the system did not start');
    return { base: system.baseUrl, databaseUrl: system.databaseUrl, devToken };
  };

  beforeAll(async () => {
    system = await startSystem('signin', { START_ORG_CODE: 'QH' });
    devToken = await signDevToken(
      { sub: 'dev-ops', roles: ['ops'], orgCode: 'QH' },
      undefined,
      '1h',
    );
  }, 300_000);

  afterAll(async () => {
    await system?.stop();
  }, 60_000);

  discoveryOnTheOneOrigin(s);
  codeFlowWithPkce(s);
  everyServiceVerifiesThroughJwks(s);
  refreshTokensRotate(s);
  revokedAndExpiredTokens(s);
  revokedAccessTokensRefused(s);
  wrongPasswordFiveTimesIsRateLimited(s);
});
