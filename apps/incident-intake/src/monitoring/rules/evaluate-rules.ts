import { BeneficiaryTier, HouseholdShock, RelapseRuleCode } from '@aidflow/contracts';
import { ConfiguredRule, RuleParams } from './rule-params';

export interface AssessmentFacts {
  assessedAt: Date;
  monthlyIncomeFen: bigint | null;
  householdSize: number;
  shocks: HouseholdShock[];
  essentialSpendingFen: bigint | null;
}

/** What the rules look at for one household, read in the evaluating transaction. */
export interface HouseholdFacts {
  tier: BeneficiaryTier;
  registeredAt: Date;
  /** Newest first by assessedAt: [latest, previous, ...] (only the first two are needed). */
  assessments: AssessmentFacts[];
  lastVisitedAt: Date | null;
  /** When the household last moved from a support tier to `none`, if it ever did. */
  leftSupportAt: Date | null;
  /** When each rule last opened a follow-up for this household (open or closed). */
  lastOpenedAt: Partial<Record<RelapseRuleCode, Date>>;
}

export interface Firing {
  code: RelapseRuleCode;
  /** Figures only: no personal data (it goes into an event). */
  reason: string;
}

const DAY_MS = 86_400_000;
const SUPPORT_TIERS: readonly BeneficiaryTier[] = ['deep', 'relative', 'accident'];

function lowIncome(f: HouseholdFacts, p: RuleParams['low_income_per_person']): string | null {
  const latest = f.assessments[0];
  if (!latest || latest.monthlyIncomeFen === null) return null;
  // income / size < line × percent / 100, in integers: income × 100 < line × percent × size.
  const left = latest.monthlyIncomeFen * 100n;
  const right =
    BigInt(p.povertyLineFen) * BigInt(p.thresholdPercent) * BigInt(latest.householdSize);
  if (left >= right) return null;
  const perPerson = latest.monthlyIncomeFen / BigInt(latest.householdSize);
  const threshold = (BigInt(p.povertyLineFen) * BigInt(p.thresholdPercent)) / 100n;
  return `monthly income per person ${perPerson} fen is below ${threshold} fen (${p.thresholdPercent}% of the poverty line ${p.povertyLineFen} fen)`;
}

function spendingAboveIncome(f: HouseholdFacts): string | null {
  const [latest, ...older] = f.assessments;
  if (!latest || latest.essentialSpendingFen === null) return null;
  const previous = older.find((a) => a.monthlyIncomeFen !== null);
  if (!previous || previous.monthlyIncomeFen === null) return null;
  if (latest.essentialSpendingFen <= previous.monthlyIncomeFen) return null;
  return `essential spending ${latest.essentialSpendingFen} fen a month exceeds the previously assessed income ${previous.monthlyIncomeFen} fen`;
}

function newShock(f: HouseholdFacts, p: RuleParams['new_shock']): string | null {
  const [latest, previous] = f.assessments;
  if (!latest) return null;
  const before = new Set(previous?.shocks ?? []);
  const fresh = latest.shocks.filter((s) => p.shocks.includes(s) && !before.has(s));
  return fresh.length > 0 ? `new shock reported: ${fresh.join(', ')}` : null;
}

function deepNotVisited(
  f: HouseholdFacts,
  p: RuleParams['deep_not_visited'],
  now: Date,
): string | null {
  if (f.tier !== 'deep') return null;
  const since = f.lastVisitedAt ?? f.registeredAt;
  const days = Math.floor((now.getTime() - since.getTime()) / DAY_MS);
  if (days < p.days) return null;
  return f.lastVisitedAt
    ? `deep-tier household last visited ${days} days ago (limit ${p.days})`
    : `deep-tier household not visited in the ${days} days since registration (limit ${p.days})`;
}

function leftSupportWatch(
  f: HouseholdFacts,
  p: RuleParams['left_support_watch'],
  now: Date,
): string | null {
  if (f.tier !== 'none' || f.leftSupportAt === null) return null;
  const until = addMonths(f.leftSupportAt, p.months);
  if (now >= until) return null;
  // One watch per departure: a closed watch opened after it is not reopened by the schedule.
  const opened = f.lastOpenedAt.left_support_watch;
  if (opened && opened >= f.leftSupportAt) return null;
  return `left support on ${f.leftSupportAt.toISOString().slice(0, 10)}; watched until ${until.toISOString().slice(0, 10)} (${p.months} months)`;
}

function addMonths(date: Date, months: number): Date {
  const d = new Date(date.getTime());
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

/** Which enabled rules fire for this household now. */
export function evaluateRules(
  rules: readonly ConfiguredRule[],
  facts: HouseholdFacts,
  now: Date,
): Firing[] {
  const firings: Firing[] = [];
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const reason = reasonFor(rule, facts, now);
    if (reason !== null) firings.push({ code: rule.code, reason });
  }
  return firings;
}

function reasonFor(rule: ConfiguredRule, facts: HouseholdFacts, now: Date): string | null {
  const code = rule.code;
  switch (code) {
    case 'low_income_per_person':
      return lowIncome(facts, rule.params as RuleParams[typeof code]);
    case 'spending_above_income':
      return spendingAboveIncome(facts);
    case 'new_shock':
      return newShock(facts, rule.params as RuleParams[typeof code]);
    case 'deep_not_visited':
      return deepNotVisited(facts, rule.params as RuleParams[typeof code], now);
    case 'left_support_watch':
      return leftSupportWatch(facts, rule.params as RuleParams[typeof code], now);
    default: {
      const unknown: never = code;
      throw new Error(`unknown relapse rule ${String(unknown)}`);
    }
  }
}

export { SUPPORT_TIERS };
