/**
 * Replays the Maduo 2021 response through the public HTTP API only, as real users with their own
 * tokens, and ends by reading the reconciliation back from the ops summary:
 *   335,000 = 245,000 delivered + 90,000 passed down + 0 available  (exit 1 if anything disagrees)
 *
 *   npm run scenario:maduo -- [--base-url http://localhost:3000]
 *
 * Every call goes through the typed client (@aidflow/api-client); each step is a file in steps/,
 * run in order below (a new step: a file there and a line here).
 */
import { people } from './maduo-data';
import { createScenario } from './scenario';
import { issueAdvance, settleAdvance } from './steps/advance';
import { registerPeople } from './steps/beneficiaries';
import { condolenceMoney } from './steps/disbursements';
import { receiveCoats, specialFund } from './steps/funds';
import { householdAssessments } from './steps/households';
import { registerSites, reportIncident } from './steps/incident';
import { reconciliation } from './steps/reconciliation';
import { unionTree } from './steps/union-tree';
import { maduoUsers } from './steps/users';
import { delegationTeam } from './steps/team';
import { verificationSample } from './steps/verification';
import { delegationVisits } from './steps/visits';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const baseUrl = option('base-url') ?? process.env.AIDFLOW_URL ?? 'http://localhost:3000';
  const s = createScenario(baseUrl, process.env.AUTH_JWT_SECRET ?? 'aidflow-dev-secret');
  s.progress(`replaying the Maduo 2021 response against ${baseUrl}`);
  const users = await maduoUsers(s);

  await unionTree(s, users.admin);
  const incident = await reportIncident(s, users.ops);
  const sites = await registerSites(s, users.ops, incident.id);
  const persons = people(400, s.run);
  const beneficiaries = await registerPeople(s, users.field, incident.id, sites, persons);
  const fund = await specialFund(s, users.finance, incident.id);
  await receiveCoats(s, users.finance);
  const recipients = persons
    .map((p, i) => ({ p, beneficiaryId: beneficiaries[i].id }))
    .filter((r) => r.p.cashFen > 0);
  const disbursements = await condolenceMoney(
    s,
    users.finance,
    users.approver,
    fund.id,
    recipients,
  );
  const team = await delegationTeam(s, users.ops, sites);
  const cashFen = recipients.reduce((sum, r) => sum + r.p.cashFen, 0);
  const advance = await issueAdvance(s, users, fund.id, team.id, cashFen);
  const { reached } = await delegationVisits(
    s,
    users.field,
    team,
    sites,
    persons,
    beneficiaries,
    recipients,
    disbursements,
  );
  await settleAdvance(s, users.finance, advance);
  await verificationSample(s, users.finance, fund.id);
  await householdAssessments(s, users.field, beneficiaries);
  const agrees = await reconciliation(s, users.ops, incident.id, fund.id, {
    persons,
    recipients,
    reached,
  });
  if (!agrees) process.exit(1);
  console.log('OK: the special fund is fully accounted for.');
}

main().catch((error: unknown) => {
  console.error(`scenario failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
