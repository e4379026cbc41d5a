import { expect, it } from '@jest/globals';
import { Client } from 'pg';
import { LoginRefused, signIn } from './oidc-kit';
import type { SignInSystem } from './sign-in.integration-spec';

/** Five wrong passwords for one username from one address lock it (429), audited without secrets. */
export function wrongPasswordFiveTimesIsRateLimited(s: () => SignInSystem): void {
  it('locks the username after 5 failures (429 with Retry-After, even for the right password)', async () => {
    const { base, databaseUrl } = s();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const refused = await signIn(base, 'field-1', `wrong-${i}`).catch((e: unknown) => e);
      statuses.push((refused as LoginRefused).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const right = await signIn(base, 'field-1', 'field-1-dev-pass').catch((e: unknown) => e);
    expect(right).toBeInstanceOf(LoginRefused);
    expect((right as LoginRefused).status).toBe(429);
    expect((right as LoginRefused).html).toContain('Too many failed attempts');

    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const rows = await db.query<{ action: string; target_id: string; summary: unknown }>(
        `SELECT action, target_id, summary FROM identity.audit_log
         WHERE action LIKE 'sign-in.%' AND target_id = 'field-1' ORDER BY seq`,
      );
      expect(rows.rows.map((r) => r.action)).toEqual([
        'sign-in.failed',
        'sign-in.failed',
        'sign-in.failed',
        'sign-in.failed',
        'sign-in.locked',
      ]);
      expect(JSON.stringify(rows.rows)).not.toMatch(/wrong-|127\.0\.0\.1/);
    } finally {
      await db.end();
    }
  });
}
