// "Prepare for the field": download the team's sites, people, at-risk households, approved cash
// and stock; show the progress, what the device holds (site by site), and whether the browser
// promised to keep it.
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useT } from '../i18n/i18n';
import { fieldDb, getMeta } from './db';
import { prepareForField, storageStatus, type PrepareProgress } from './prepare';
import { SiteList } from './SiteList';
import { useLive } from './use-live';

export function PrepareView({ signedIn }: { signedIn: boolean }): JSX.Element {
  const { t, lang } = useT();
  const [progress, setProgress] = useState<PrepareProgress | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [storage, setStorage] = useState<Awaited<ReturnType<typeof storageStatus>> | undefined>();
  const held = useLive(
    async () => ({
      sites: await fieldDb().sites.count(),
      beneficiaries: await fieldDb().beneficiaries.count(),
      risks: await fieldDb().risks.count(),
      disbursements: await fieldDb().disbursements.count(),
      stock: await fieldDb().stock.count(),
      preparedAt: await getMeta<string>('preparedAt'),
    }),
    [],
    {
      sites: 0,
      beneficiaries: 0,
      risks: 0,
      disbursements: 0,
      stock: 0,
      preparedAt: undefined as string | undefined,
    },
  );
  useEffect(() => void storageStatus(false).then(setStorage), [progress?.step]);

  const run = async (): Promise<void> => {
    setProblem(undefined);
    const outcome = await prepareForField(setProgress);
    if (outcome.kind !== 'done') {
      setProgress(undefined);
      setProblem(t(`field.prepare.failed.${outcome.kind === 'http' ? 'http' : outcome.kind}`));
    }
    setStorage(await storageStatus(true));
  };
  const mb = (bytes?: number) =>
    bytes === undefined
      ? '?'
      : new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(bytes / 1e6);
  const busy = progress !== undefined && progress.step !== 'done';
  return (
    <section aria-labelledby="prepare-title">
      <h2 id="prepare-title">{t('field.prepare.title')}</h2>
      <p>{t('field.prepare.intro')}</p>
      <button type="button" id="prepare" disabled={busy || !signedIn} onClick={() => void run()}>
        {t('field.prepare.button')}
      </button>
      {!signedIn && <p class="notice">{t('field.prepare.needsSignIn')}</p>}
      {progress && (
        <p id="prepare-progress" role="status" data-step={progress.step}>
          {t(`field.prepare.step.${progress.step}`, { count: progress.count })}
        </p>
      )}
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      <dl class="facts" id="prepared">
        <dt>{t('field.prepare.sites')}</dt>
        <dd data-key="sites">{held.sites}</dd>
        <dt>{t('field.prepare.beneficiaries')}</dt>
        <dd data-key="beneficiaries">{held.beneficiaries}</dd>
        <dt>{t('field.prepare.risks')}</dt>
        <dd data-key="risks">{held.risks}</dd>
        <dt>{t('field.prepare.disbursements')}</dt>
        <dd data-key="disbursements">{held.disbursements}</dd>
        <dt>{t('field.prepare.stock')}</dt>
        <dd data-key="stock">{held.stock}</dd>
        <dt>{t('field.prepare.preparedAt')}</dt>
        <dd>
          {held.preparedAt
            ? new Date(held.preparedAt).toLocaleString(lang)
            : t('field.prepare.never')}
        </dd>
      </dl>
      <p id="storage" data-persisted={String(storage?.persisted)}>
        {storage?.persisted === true
          ? t('field.storage.persisted')
          : storage?.persisted === false
            ? t('field.storage.notPersisted')
            : t('field.storage.unknown')}{' '}
        {t('field.storage.usage', { used: mb(storage?.usage), quota: mb(storage?.quota) })}
      </p>
      <SiteList />
    </section>
  );
}
