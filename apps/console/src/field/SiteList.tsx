// The sites this device holds, each with its people and the households at risk of sliding back
// into hardship (open relapse_risk follow-ups, downloaded with the site), readable offline.
import type { JSX } from 'preact';
import { useT } from '../i18n/i18n';
import { fieldDb, type FieldBeneficiary, type FieldRisk, type FieldSite } from './db';
import { useLive } from './use-live';

interface SiteRow {
  site: FieldSite;
  people: number;
  atRisk: { person: FieldBeneficiary; risks: FieldRisk[] }[];
}

async function siteRows(): Promise<SiteRow[]> {
  const db = fieldDb();
  const [sites, risks] = await Promise.all([db.sites.toArray(), db.risks.toArray()]);
  const rows: SiteRow[] = [];
  for (const site of sites.sort((a, b) => a.name.localeCompare(b.name))) {
    const people = await db.beneficiaries.where('siteId').equals(site.id).toArray();
    const byPerson = new Map<string, FieldRisk[]>();
    for (const r of risks.filter((x) => x.siteId === site.id))
      byPerson.set(r.beneficiaryId, [...(byPerson.get(r.beneficiaryId) ?? []), r]);
    const atRisk = people
      .filter((p) => byPerson.has(p.id))
      .sort((a, b) => a.fullName.localeCompare(b.fullName))
      .map((person) => ({ person, risks: byPerson.get(person.id) ?? [] }));
    rows.push({ site, people: people.length, atRisk });
  }
  return rows;
}

export function SiteList(): JSX.Element {
  const { t, lang } = useT();
  const rows = useLive(siteRows, [], [] as SiteRow[]);
  if (rows.length === 0) return <></>;
  return (
    <section aria-labelledby="sites-title">
      <h3 id="sites-title">{t('field.sites.title')}</h3>
      <ul class="sites" id="sites">
        {rows.map(({ site, people, atRisk }) => (
          <li key={site.id} data-site={site.id} data-at-risk={atRisk.length}>
            <strong class="site-name">{site.name}</strong>{' '}
            <span class="meta">
              {t('field.sites.people', { count: people })} ·{' '}
              <span class="at-risk-count">{t('field.sites.atRisk', { count: atRisk.length })}</span>
            </span>
            {atRisk.length > 0 && (
              <ul class="at-risk">
                {atRisk.map(({ person, risks }) => (
                  <li key={person.id} data-beneficiary={person.id}>
                    <span class="name">{person.fullName}</span>{' '}
                    <span class="masked">{person.idNumberMasked}</span>{' '}
                    <span class="meta">
                      {t('field.log.household', { count: person.householdSize })} ·{' '}
                      {t(`field.tier.${person.tier as 'deep'}`)}
                    </span>
                    <ul class="risks">
                      {risks.map((r) => (
                        <li key={r.id} class="risk" data-rule={r.ruleCode}>
                          {t(`field.risk.${r.ruleCode}`)}{' '}
                          <span class="when">
                            {t('field.sites.since', {
                              date: new Date(r.openedAt).toLocaleDateString(lang),
                            })}
                          </span>
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
