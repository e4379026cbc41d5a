// Recording a grievance during a visit (offline like the visit): about one of the site's people or
// none, a category and what was said. "Saved" appears only once it is in IndexedDB.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { useT } from '../i18n/i18n';
import type { FieldBeneficiary, FieldSite, GrievanceCategory } from './db';
import { saveGrievance } from './grievances';

export const GRIEVANCE_CATEGORIES: GrievanceCategory[] = [
  'complaint',
  'payment_verification',
  'data_change',
  'sensitive',
  'other',
];

export function GrievanceForm({
  site,
  people,
  ownerSub,
  onSaved,
}: {
  site: FieldSite;
  people: FieldBeneficiary[];
  ownerSub: string;
  onSaved: () => void;
}): JSX.Element {
  const { t } = useT();
  const [id, setId] = useState(() => crypto.randomUUID());
  const [beneficiaryId, setBeneficiaryId] = useState('');
  const [category, setCategory] = useState<GrievanceCategory>('complaint');
  const [description, setDescription] = useState('');
  const [saved, setSaved] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);

  const save = async (): Promise<void> => {
    if (!description.trim()) return;
    setSaving(true);
    setProblem(undefined);
    try {
      await saveGrievance(
        {
          id,
          incidentId: site.incidentId,
          ...(beneficiaryId ? { beneficiaryId } : {}),
          category,
          description: description.trim(),
        },
        site.id,
        ownerSub,
      );
      setSaved(id);
      setId(crypto.randomUUID());
      setDescription('');
      setBeneficiaryId('');
      setCategory('complaint');
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

  return (
    <section aria-labelledby="grievance-title" class="grievance-form">
      <h3 id="grievance-title">{t('field.grievance.title')}</h3>
      <p class="hint">{t('field.grievance.intro')}</p>
      <label>
        {t('field.grievance.person')}
        <select
          id="grievance-person"
          value={beneficiaryId}
          onChange={(e) => setBeneficiaryId((e.target as HTMLSelectElement).value)}
        >
          <option value="">{t('field.grievance.noPerson')}</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.fullName} {p.idNumberMasked}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('field.grievance.category')}
        <select
          id="grievance-category"
          value={category}
          onChange={(e) => setCategory((e.target as HTMLSelectElement).value as GrievanceCategory)}
        >
          {GRIEVANCE_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`field.grievance.categories.${c}`)}
            </option>
          ))}
        </select>
      </label>
      {category === 'sensitive' && (
        <p class="notice" id="grievance-sensitive">
          {t('field.grievance.sensitiveNote')}
        </p>
      )}
      <label>
        {t('field.grievance.description')}
        <textarea
          id="grievance-description"
          value={description}
          maxLength={4000}
          onInput={(e) => {
            setDescription((e.target as HTMLTextAreaElement).value);
            setSaved(undefined);
          }}
        />
      </label>
      <button
        type="button"
        id="save-grievance"
        disabled={saving || !description.trim()}
        onClick={() => void save()}
      >
        {t('field.grievance.save')}
      </button>
      {saved && (
        <p id="grievance-saved" role="status" data-grievance={saved}>
          {t('field.grievance.saved')}
        </p>
      )}
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
