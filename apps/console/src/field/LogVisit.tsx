// Logging a visit offline: pick the site, tick the people met, hand over their approved cash (the
// amount comes from the disbursement, never typed), goods, needs, position, a receipt photo; and a
// grievance raised during the visit. "Saved" appears only once the visit and its photos are in
// IndexedDB.
import type { JSX } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { fenToDecimal } from '../i18n/format';
import { useT } from '../i18n/i18n';
import {
  fieldDb,
  type FieldBeneficiary,
  type FieldDisbursement,
  type NeedKind,
  type VisitPayload,
} from './db';
import { GrievanceForm } from './GrievanceForm';
import { cashInQueue, saveVisit, type ReceiptPhoto } from './queue';
import { compressReceipt, sha256Hex } from './receipt-image';
import { useLive } from './use-live';

const NEEDS: NeedKind[] = ['psychological', 'medical', 'housing', 'livelihood', 'other'];
const SHOWN = 60;

interface Line {
  cash: boolean;
  goods?: { itemCode: string; quantity: number };
  needs: NeedKind[];
  photo?: ReceiptPhoto & { url: string };
}

export function LogVisit({
  ownerSub,
  editId,
  onSaved,
}: {
  ownerSub: string;
  editId?: string;
  onSaved: () => void;
}): JSX.Element {
  const { t, lang } = useT();
  const [visitId, setVisitId] = useState(() => editId ?? crypto.randomUUID());
  const sites = useLive(() => fieldDb().sites.toArray(), [], []);
  const [siteId, setSiteId] = useState<string>('');
  const [search, setSearch] = useState('');
  const [lines, setLines] = useState<Map<string, Line>>(new Map());
  const [location, setLocation] = useState<{ lat: number; lon: number } | undefined>();
  const [gps, setGps] = useState<'idle' | 'asking' | 'denied'>('idle');
  const [notes, setNotes] = useState('');
  const [saved, setSaved] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!siteId && sites[0]) setSiteId(sites[0].id);
  }, [sites, siteId]);

  // Editing a refused visit: its content and photos come back into the form, its id stays.
  useEffect(() => {
    if (!editId) return;
    void (async () => {
      const visit = await fieldDb().visits.get(editId);
      if (!visit) return;
      const photos = await fieldDb().receipts.where('visitId').equals(editId).toArray();
      setVisitId(editId);
      setSiteId(visit.payload.siteId);
      setNotes(visit.payload.notes ?? '');
      setLocation(visit.payload.location);
      setLines(
        new Map(
          visit.payload.beneficiaries.map((b) => {
            const photo = photos.find((p) => p.sha256 === b.receiptSha256);
            return [
              b.beneficiaryId,
              {
                cash: !!b.cash,
                ...(b.goods?.[0] ? { goods: b.goods[0] } : {}),
                needs: b.needs ?? [],
                ...(photo
                  ? {
                      photo: {
                        sha256: photo.sha256,
                        blob: photo.blob,
                        url: URL.createObjectURL(photo.blob),
                      },
                    }
                  : {}),
              },
            ];
          }),
        ),
      );
    })();
  }, [editId]);

  const people = useLive(
    () =>
      siteId
        ? fieldDb().beneficiaries.where('siteId').equals(siteId).sortBy('fullName')
        : Promise.resolve([]),
    [siteId],
    [] as FieldBeneficiary[],
  );
  const cashFor = useLive(
    async () => {
      const taken = await cashInQueue(visitId);
      const rows = await fieldDb().disbursements.toArray();
      return new Map(rows.filter((d) => !taken.has(d.id)).map((d) => [d.beneficiaryId, d]));
    },
    [visitId],
    new Map<string, FieldDisbursement>(),
  );
  const stock = useLive(() => fieldDb().stock.toArray(), [], []);
  const atRisk = useLive(
    async () => new Set((await fieldDb().risks.toArray()).map((r) => r.beneficiaryId)),
    [],
    new Set<string>(),
  );
  const site = sites.find((s) => s.id === siteId);
  const shown = useMemo(() => {
    const q = search.trim().toLowerCase();
    const matches = q
      ? people.filter(
          (p) => p.fullName.toLowerCase().includes(q) || p.idNumberMasked.toLowerCase().includes(q),
        )
      : people;
    const ticked = people.filter((p) => lines.has(p.id) && !matches.includes(p));
    return [...ticked, ...matches.slice(0, SHOWN)];
  }, [people, search, lines]);

  const update = (id: string, change: (line: Line) => Line | undefined): void => {
    setLines((old) => {
      const next = new Map(old);
      const line = change(old.get(id) ?? { cash: false, needs: [] });
      if (line) next.set(id, line);
      else next.delete(id);
      return next;
    });
    setSaved(undefined);
  };

  const takePhoto = async (id: string, file: File | undefined): Promise<void> => {
    if (!file) return;
    const blob = await compressReceipt(file);
    const sha256 = await sha256Hex(blob);
    update(id, (l) => ({ ...l, photo: { sha256, blob, url: URL.createObjectURL(blob) } }));
  };

  const askPosition = (): void => {
    if (!navigator.geolocation) return setGps('denied');
    setGps('asking');
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setLocation({
          lat: Math.round(p.coords.latitude * 1e6) / 1e6,
          lon: Math.round(p.coords.longitude * 1e6) / 1e6,
        });
        setGps('idle');
      },
      () => setGps('denied'),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  const save = async (): Promise<void> => {
    if (!site || lines.size === 0) return;
    setSaving(true);
    setProblem(undefined);
    const payload: VisitPayload = {
      id: visitId,
      teamId: site.teamId,
      siteId: site.id,
      visitedAt: new Date().toISOString(),
      ...(location ? { location } : {}),
      ...(notes.trim() ? { notes: notes.trim() } : {}),
      beneficiaries: [...lines.entries()].map(([beneficiaryId, line]) => {
        const cash = line.cash ? cashFor.get(beneficiaryId) : undefined;
        return {
          beneficiaryId,
          ...(cash ? { cash: { disbursementId: cash.id, amountFen: cash.amountFen } } : {}),
          ...(line.goods && line.goods.quantity > 0 ? { goods: [line.goods] } : {}),
          ...(line.needs.length > 0 ? { needs: line.needs } : {}),
          ...(line.photo ? { receiptSha256: line.photo.sha256 } : {}),
        };
      }),
    };
    try {
      await saveVisit(
        payload,
        [...lines.values()].flatMap((l) => (l.photo ? [l.photo] : [])),
        ownerSub,
      );
      setSaved(visitId);
      setLines(new Map());
      setNotes('');
      setLocation(undefined);
      setVisitId(crypto.randomUUID());
      onSaved();
    } catch (error) {
      setProblem(
        t('field.log.saveFailed', {
          reason: error instanceof Error ? error.message : String(error),
        }),
      );
    } finally {
      setSaving(false);
    }
  };

  if (sites.length === 0)
    return (
      <p class="notice" id="not-prepared">
        {t('field.log.notPrepared')}
      </p>
    );
  return (
    <section aria-labelledby="log-title">
      <h2 id="log-title">{editId ? t('field.log.editTitle') : t('field.log.title')}</h2>
      <label>
        {t('field.log.site')}
        <select
          id="site"
          value={siteId}
          onChange={(e) => setSiteId((e.target as HTMLSelectElement).value)}
          disabled={!!editId}
        >
          {sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('field.log.search')}
        <input
          id="search"
          type="search"
          value={search}
          onInput={(e) => setSearch((e.target as HTMLInputElement).value)}
        />
      </label>
      <p class="hint">
        {t('field.log.count', {
          shown: Math.min(shown.length, people.length),
          total: people.length,
        })}
      </p>
      <ul class="people" id="people">
        {shown.map((p) => {
          const line = lines.get(p.id);
          const cash = cashFor.get(p.id);
          return (
            <li key={p.id} data-beneficiary={p.id} class={line ? 'ticked' : ''}>
              <label class="person">
                <input
                  type="checkbox"
                  class="met"
                  checked={!!line}
                  onChange={() => update(p.id, (l) => (lines.has(p.id) ? undefined : l))}
                />
                <span class="name">{p.fullName}</span>{' '}
                <span class="masked">{p.idNumberMasked}</span>{' '}
                <span class="meta">
                  {t('field.log.household', { count: p.householdSize })} ·{' '}
                  {t(`field.tier.${p.tier as 'deep'}`)}
                </span>
                {atRisk.has(p.id) && (
                  <>
                    {' '}
                    <span class="at-risk-badge">{t('field.log.atRisk')}</span>
                  </>
                )}
              </label>
              {line && (
                <div class="line">
                  {cash ? (
                    <label>
                      <input
                        type="checkbox"
                        class="cash"
                        checked={line.cash}
                        onChange={() => update(p.id, (l) => ({ ...l, cash: !l.cash }))}
                      />
                      {t('field.log.cash', {
                        amount: new Intl.NumberFormat(lang, {
                          style: 'currency',
                          currency: 'CNY',
                        }).format(Number(fenToDecimal(cash.amountFen))),
                      })}
                    </label>
                  ) : (
                    <span class="hint">{t('field.log.noCash')}</span>
                  )}
                  {stock.length > 0 && (
                    <span class="goods">
                      <select
                        class="goods-item"
                        aria-label={t('field.log.goods')}
                        value={line.goods?.itemCode ?? ''}
                        onChange={(e) => {
                          const itemCode = (e.target as HTMLSelectElement).value;
                          update(p.id, (l) => ({
                            ...l,
                            ...(itemCode
                              ? { goods: { itemCode, quantity: l.goods?.quantity ?? 1 } }
                              : { goods: undefined }),
                          }));
                        }}
                      >
                        <option value="">{t('field.log.noGoods')}</option>
                        {stock.map((s) => (
                          <option key={s.itemCode} value={s.itemCode}>
                            {s.name}
                          </option>
                        ))}
                      </select>
                      {line.goods && (
                        <input
                          class="goods-quantity"
                          type="number"
                          min={1}
                          aria-label={t('field.log.quantity')}
                          value={line.goods.quantity}
                          onInput={(e) => {
                            const quantity = Number((e.target as HTMLInputElement).value);
                            update(p.id, (l) =>
                              l.goods ? { ...l, goods: { ...l.goods, quantity } } : l,
                            );
                          }}
                        />
                      )}
                    </span>
                  )}
                  <fieldset class="needs">
                    <legend>{t('field.log.needs')}</legend>
                    {NEEDS.map((n) => (
                      <label key={n}>
                        <input
                          type="checkbox"
                          value={n}
                          checked={line.needs.includes(n)}
                          onChange={() =>
                            update(p.id, (l) => ({
                              ...l,
                              needs: l.needs.includes(n)
                                ? l.needs.filter((x) => x !== n)
                                : [...l.needs, n],
                            }))
                          }
                        />
                        {t(`field.needs.${n}`)}
                      </label>
                    ))}
                  </fieldset>
                  <label class="photo">
                    {t('field.log.receipt')}
                    <input
                      type="file"
                      class="receipt"
                      accept="image/*"
                      capture="environment"
                      onChange={(e) =>
                        void takePhoto(p.id, (e.target as HTMLInputElement).files?.[0])
                      }
                    />
                  </label>
                  {line.photo && (
                    <img
                      class="receipt-preview"
                      src={line.photo.url}
                      alt={t('field.log.receiptPreview')}
                      data-sha256={line.photo.sha256}
                    />
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ul>
      <p>
        <button
          type="button"
          class="secondary"
          id="gps"
          onClick={askPosition}
          disabled={gps === 'asking'}
        >
          {t('field.log.gps')}
        </button>{' '}
        <span id="position">
          {location
            ? t('field.log.position', { lat: location.lat, lon: location.lon })
            : gps === 'denied'
              ? t('field.log.gpsDenied')
              : ''}
        </span>
      </p>
      <label>
        {t('field.log.notes')}
        <textarea
          id="notes"
          value={notes}
          maxLength={4000}
          onInput={(e) => setNotes((e.target as HTMLTextAreaElement).value)}
        />
      </label>
      <button
        type="button"
        id="save-visit"
        disabled={saving || lines.size === 0}
        onClick={() => void save()}
      >
        {t('field.log.save')}
      </button>
      {saved && (
        <p id="saved" role="status" data-visit={saved}>
          {t('field.log.saved')}
        </p>
      )}
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      {site && !editId && (
        <GrievanceForm site={site} people={people} ownerSub={ownerSub} onSaved={onSaved} />
      )}
    </section>
  );
}
