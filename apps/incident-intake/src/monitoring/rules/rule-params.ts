import { HOUSEHOLD_SHOCKS, HouseholdShock, RelapseRuleCode } from '@aidflow/contracts';
import { ArrayUnique, IsArray, IsIn, IsInt, Max, Min } from 'class-validator';

/** Income per person per month below thresholdPercent % of the local poverty line (per person per month). */
export class LowIncomeParams {
  /** About 4,000 yuan a year (China's 2020 line) per person: 333 yuan a month. */
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  povertyLineFen!: number;

  /** 150 = 1.5× the poverty line (the provincial practice's default); whole percent, no floats. */
  @IsInt()
  @Min(1)
  @Max(1000)
  thresholdPercent!: number;
}

/** Essential spending above the previous assessed income: no parameters. */
export class SpendingAboveIncomeParams {}

/** A shock of these kinds that the previous assessment did not report. */
export class NewShockParams {
  @IsArray()
  @ArrayUnique()
  @IsIn([...HOUSEHOLD_SHOCKS], { each: true })
  shocks!: HouseholdShock[];
}

/** A deep-tier household not visited for this many days. */
export class DeepNotVisitedParams {
  @IsInt()
  @Min(1)
  @Max(3650)
  days!: number;
}

/** A household that left support is watched for this many months (脱困不脱政策). */
export class LeftSupportWatchParams {
  @IsInt()
  @Min(1)
  @Max(120)
  months!: number;
}

export interface RuleParams {
  low_income_per_person: LowIncomeParams;
  spending_above_income: SpendingAboveIncomeParams;
  new_shock: NewShockParams;
  deep_not_visited: DeepNotVisitedParams;
  left_support_watch: LeftSupportWatchParams;
}

export const RULE_PARAM_CLASSES: { [C in RelapseRuleCode]: new () => RuleParams[C] } = {
  low_income_per_person: LowIncomeParams,
  spending_above_income: SpendingAboveIncomeParams,
  new_shock: NewShockParams,
  deep_not_visited: DeepNotVisitedParams,
  left_support_watch: LeftSupportWatchParams,
};

/** The defaults the migration seeds (kept here too for the README and the tests). */
export const DEFAULT_RULE_PARAMS: RuleParams = {
  low_income_per_person: { povertyLineFen: 33_300, thresholdPercent: 150 },
  spending_above_income: {},
  new_shock: { shocks: [...HOUSEHOLD_SHOCKS] },
  deep_not_visited: { days: 30 },
  left_support_watch: { months: 12 },
};

export interface ConfiguredRule<C extends RelapseRuleCode = RelapseRuleCode> {
  code: C;
  enabled: boolean;
  params: RuleParams[C];
}
