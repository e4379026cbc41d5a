import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, idempotencyKey, ok, typed } from '../api/client';
import type { StockLine } from '../api/types';
import { getSession, hasRole } from '../auth/session';
import { count, dateTime } from '../i18n/format';
import { useT } from '../i18n/i18n';
import { ErrorNotice } from '../ui/ErrorNotice';
import { useAsync } from '../ui/use-async';
import { useIntentKey } from '../ui/use-intent-key';

/** Goods per org (received, delivered, on hand) and the receipt of new goods. */
export function Stock(): JSX.Element {
  const { t, lang } = useT();
  const session = getSession();
  const [orgCode, setOrgCode] = useState(session?.user.orgCode ?? '');
  const [refresh, setRefresh] = useState(0);
  const stock = useAsync(
    (signal) =>
      ok(
        typed.GET('/api/stock', {
          params: { query: { ...(orgCode ? { orgCode } : {}), limit: 200 } },
          signal,
        }),
      ).then((a): StockLine[] => a.items),
    [orgCode, refresh],
  );
  const [form, setForm] = useState({
    orgCode: session?.user.orgCode ?? '',
    itemCode: '',
    name: '',
    quantity: '',
  });
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const intent = useIntentKey();
  const quantity = Number(form.quantity);
  const valid =
    form.orgCode.trim() &&
    form.itemCode.trim() &&
    form.name.trim() &&
    Number.isInteger(quantity) &&
    quantity > 0;
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (!valid) return;
    const body = {
      orgCode: form.orgCode.trim(),
      itemCode: form.itemCode.trim(),
      name: form.name.trim(),
      quantity,
    };
    setError(undefined);
    setSaved(false);
    try {
      await ok(
        typed.POST('/api/stock/receipts', {
          params: { header: idempotencyKey(intent.keyFor(body)) },
          body,
        }),
      );
      intent.spend();
      setSaved(true);
      setForm((f) => ({ ...f, quantity: '' }));
      setRefresh((r) => r + 1);
    } catch (failure) {
      if (failure instanceof ApiError && failure.status < 500) intent.spend();
      setError(failure);
    }
  };
  const field = (key: keyof typeof form, label: string, mode?: 'numeric'): JSX.Element => (
    <label>
      {label}
      <input
        required
        inputMode={mode}
        value={form[key]}
        onInput={(e) => setForm((f) => ({ ...f, [key]: e.currentTarget.value }))}
      />
    </label>
  );
  return (
    <div class="page">
      <div class="page-head">
        <h1>{t('finance.stockTitle')}</h1>
        <label>
          {t('fields.orgCode')}
          <input value={orgCode} onChange={(e) => setOrgCode(e.currentTarget.value.trim())} />
        </label>
      </div>
      <ErrorNotice error={stock.error} />
      <section class="panel">
        <table id="stock-table">
          <thead>
            <tr>
              <th scope="col">{t('fields.item')}</th>
              <th scope="col">{t('fields.orgCode')}</th>
              <th scope="col" class="num">
                {t('finance.received')}
              </th>
              <th scope="col" class="num">
                {t('balances.delivered')}
              </th>
              <th scope="col" class="num">
                {t('finance.onHand')}
              </th>
              <th scope="col">{t('finance.updatedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {(stock.data ?? []).length === 0 && (
              <tr>
                <td colSpan={6} class="muted">
                  {stock.loading ? t('common.loading') : t('common.noData')}
                </td>
              </tr>
            )}
            {(stock.data ?? []).map((s) => (
              <tr key={`${s.orgCode}|${s.itemCode}`}>
                <td>
                  {s.name} <span class="muted small mono">{s.itemCode}</span>
                </td>
                <td class="mono small">{s.orgCode}</td>
                <td class="num">{count(lang, s.received)}</td>
                <td class="num">{count(lang, s.delivered)}</td>
                <td class="num strong">{count(lang, s.onHand)}</td>
                <td class="small">{dateTime(lang, s.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {hasRole(session, 'finance', 'admin') && (
        <form class="panel" onSubmit={(e) => void submit(e)} aria-labelledby="receipt-title">
          <h2 id="receipt-title">{t('finance.receipt')}</h2>
          <div class="form-row">
            {field('orgCode', t('fields.orgCode'))}
            {field('itemCode', t('fields.itemCode'))}
            {field('name', t('fields.name'))}
            {field('quantity', t('fields.quantity'), 'numeric')}
            <button type="submit" disabled={!valid}>
              {t('finance.receiptSubmit')}
            </button>
          </div>
          <ErrorNotice error={error} />
          {saved && (
            <p class="notice ok" role="status">
              {t('finance.receiptDone')}
            </p>
          )}
        </form>
      )}
    </div>
  );
}
