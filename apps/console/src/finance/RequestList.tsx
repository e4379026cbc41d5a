import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ok, typed } from '../api/client';
import {
  DISBURSEMENT_STATUSES,
  type Disbursement,
  type DisbursementStatus,
  type Page,
} from '../api/types';
import { dateTime, money } from '../i18n/format';
import { useT } from '../i18n/i18n';
import { Link } from '../router';
import { ErrorNotice } from '../ui/ErrorNotice';
import { IncidentPicker, useIncident } from '../ui/IncidentPicker';
import { statusLabel } from '../ui/labels';
import { useAsync } from '../ui/use-async';
import { beneficiaryLabel, useBeneficiaries } from './data';
import { ApprovalProgress } from './decisions';

export function RequestList(): JSX.Element {
  const { t, lang } = useT();
  const [incidentId] = useIncident();
  const [status, setStatus] = useState<DisbursementStatus | ''>('');
  const list = useAsync(
    (signal): Promise<Page<Disbursement>> =>
      ok(
        typed.GET('/api/disbursements', {
          params: { query: { ...(status ? { status } : {}), limit: 200 } },
          signal,
        }),
      ),
    [status],
  );
  const people = useBeneficiaries(incidentId);
  const items = (list.data?.items ?? []).filter(
    (d) => !incidentId || !d.incidentId || d.incidentId === incidentId,
  );
  return (
    <div class="page">
      <div class="page-head">
        <h1>{t('nav.requests')}</h1>
        <IncidentPicker />
        <label>
          {t('fields.status')}
          <select
            value={status}
            onChange={(e) => setStatus(e.currentTarget.value as DisbursementStatus | '')}
          >
            <option value="">{t('finance.allStatuses')}</option>
            {DISBURSEMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(t, s)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorNotice error={list.error} />
      <section class="panel">
        <table id="request-list">
          <thead>
            <tr>
              <th scope="col">{t('fields.beneficiaryId')}</th>
              <th scope="col" class="num">
                {t('fields.amount')}
              </th>
              <th scope="col">{t('fields.status')}</th>
              <th scope="col">{t('fields.approvals')}</th>
              <th scope="col">{t('fields.requestedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {items.length === 0 && (
              <tr>
                <td colSpan={5} class="muted">
                  {list.loading ? t('common.loading') : t('common.noData')}
                </td>
              </tr>
            )}
            {items.map((d) => (
              <tr key={d.id}>
                <td>
                  <Link href={`/finance/requests/${d.id}`}>
                    {beneficiaryLabel(people.data, d.beneficiaryId)}
                  </Link>
                </td>
                <td class="num">{money(lang, d.amountFen)}</td>
                <td>
                  <span class={`status ${d.status}`}>{statusLabel(t, d.status)}</span>
                </td>
                <td>
                  <ApprovalProgress d={d} />
                </td>
                <td class="small">{dateTime(lang, d.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
