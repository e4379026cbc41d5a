// The services answer in English; the console shows each error and each bad field in the user's
// language. Known problems are matched by pattern and translated with their figures; anything
// unknown is shown as the server said it, under a translated field name.
import type { TFunction } from 'i18next';
import { money } from '../i18n/format';
import type { Language } from '../i18n/i18n';
import { ApiError } from './client';

interface Translated {
  title: string;
  lines: string[];
}

type ProblemRule = [RegExp, (m: RegExpExecArray, t: TFunction, lang: Language) => string];

const PROBLEMS: ProblemRule[] = [
  [
    /handed over (\d+) \+ returned (\d+) = (\d+), drawn (\d+): (\d+) fen short/,
    (m, t, lang) =>
      t('checks.settleShort', {
        handedOver: money(lang, m[1] ?? '0'),
        returned: money(lang, m[2] ?? '0'),
        total: money(lang, m[3] ?? '0'),
        drawn: money(lang, m[4] ?? '0'),
        short: money(lang, m[5] ?? '0'),
      }),
  ],
  [
    /exceeds the outstanding cash by (\d+) fen/,
    (m, t, lang) => t('checks.settleOver', { over: money(lang, m[1] ?? '0') }),
  ],
  [
    /not yet advanced amount for the team's sites \((-?\d+) fen\)/,
    (m, t, lang) => t('checks.advanceRoom', { room: money(lang, m[1] ?? '0') }),
  ],
  [/check digit does not match/, (_m, t) => t('checks.checkDigit')],
  [
    /must be 18 characters|first 17 characters must be digits|last character must be a digit or X/,
    (_m, t) => t('checks.idFormat'),
  ],
  [/birth date \(characters 7–14\)/, (_m, t) => t('checks.idBirth')],
  [/the same person as row (\d+)/, (m, t) => t('checks.sameAsRow', { line: m[1] })],
  [/already registered as/, (_m, t) => t('checks.alreadyRegistered')],
  [/is not a site of this incident/, (_m, t) => t('checks.notSite')],
  [/the person must agree/, (_m, t) => t('checks.consent')],
  [/11-digit mainland mobile/, (_m, t) => t('checks.mobile')],
  [/the column is missing/, (_m, t) => t('checks.missingColumn')],
  [/is not a column of the template/, (_m, t) => t('checks.unknownColumn')],
  [/has no data rows/, (_m, t) => t('checks.noRows')],
  [/must be one of the following values/, (_m, t) => t('checks.oneOf')],
  [
    /exceeds the fund's available balance \((\d+) fen\)/,
    (m, t, lang) => t('problems.insufficientBalance', { available: money(lang, m[1] ?? '0') }),
  ],
  [
    /must be an org below the fund's owner (\S+)/,
    (m, t) => t('problems.notBelowOwner', { owner: m[1] }),
  ],
  [/no fund with this id exists/, (_m, t) => t('problems.noSuchFund')],
  [/no registered beneficiary has this id/, (_m, t) => t('problems.noSuchBeneficiary')],
  [/is not a beneficiary of incident/, (_m, t) => t('problems.otherIncident')],
  [/no org with this code is known/, (_m, t) => t('problems.noSuchOrg')],
  [/already (has|requested)|repeat/i, (_m, t) => t('problems.repeat')],
  [/reused with a different request/, (_m, t) => t('problems.keyReused')],
  [/must not be empty|should not be empty/, (_m, t) => t('problems.empty')],
  [/must be a positive/i, (_m, t) => t('problems.positive')],
];

const FIELDS = new Set([
  'amountFen',
  'fundId',
  'fromFundId',
  'toOrgCode',
  'beneficiaryId',
  'purpose',
  'reason',
  'note',
  'orgCode',
  'itemCode',
  'name',
  'quantity',
  'idNumber',
  'category',
  'tier',
]);

/** Fields of the newer screens (advances, verification, grievances, import), in their own section. */
const MORE_FIELDS = new Set([
  'returnedFen',
  'teamId',
  'fullName',
  'householdSize',
  'siteId',
  'phone',
  'employer',
  'consent',
  'outcome',
  'assigneeId',
  'marginOfError',
  'confidence',
  'receivedAmountFen',
  'file',
]);

export function fieldLabel(t: TFunction, field: string): string {
  if (FIELDS.has(field)) return t(`fields.${field}` as 'fields.amountFen');
  if (MORE_FIELDS.has(field)) return t(`fieldNames.${field}` as 'fieldNames.teamId');
  const header = /^header\.(.+)$/.exec(field);
  return header ? t('fieldNames.header', { column: header[1] }) : field;
}

export function problemText(t: TFunction, lang: Language, problem: string): string {
  for (const [pattern, render] of PROBLEMS) {
    const match = pattern.exec(problem);
    if (match) return render(match, t, lang);
  }
  return problem;
}

const STATUS_KEYS: Record<
  number,
  'errors.400' | 'errors.401' | 'errors.403' | 'errors.404' | 'errors.409' | 'errors.422'
> = {
  400: 'errors.400',
  401: 'errors.401',
  403: 'errors.403',
  404: 'errors.404',
  409: 'errors.409',
  422: 'errors.422',
};

export function translateError(t: TFunction, lang: Language, error: unknown): Translated {
  if (error instanceof ApiError) {
    const key = STATUS_KEYS[error.status];
    const title = key ? t(key) : error.status >= 500 ? t('errors.server') : t('errors.unknown');
    const lines = (error.body.details ?? []).map(
      (d) => `${fieldLabel(t, d.field)}: ${problemText(t, lang, d.problem)}`,
    );
    if (lines.length === 0 && error.body.message)
      lines.push(problemText(t, lang, error.body.message));
    return { title, lines };
  }
  if (error instanceof TypeError) return { title: t('errors.network'), lines: [] };
  return {
    title: t('errors.unknown'),
    lines: [error instanceof Error ? error.message : String(error)],
  };
}
