import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ok, typed } from '../api/client';
import type { Disbursement } from '../api/types';
import type { Session } from '../auth/session';
import { useT } from '../i18n/i18n';

export const approve = (id: string): Promise<Disbursement> =>
  ok(typed.POST('/api/disbursements/{id}/approve', { params: { path: { id } }, body: {} }));
export const reject = (id: string, reason: string): Promise<Disbursement> =>
  ok(typed.POST('/api/disbursements/{id}/reject', { params: { path: { id } }, body: { reason } }));

/** Whether this user may decide the request now: an approver, not the requester, not yet signed. */
export function mayDecide(session: Session | undefined, d: Disbursement): boolean {
  if (!session || !session.user.roles.includes('approver')) return false;
  if (d.requestedBy === session.user.sub) return false;
  if (d.approvedBy.includes(session.user.sub)) return false;
  return d.status === 'requested' || d.status === 'partially_approved';
}

/** Statuses past the approvals (a disbursement's or an advance's). */
const PAST_APPROVAL = new Set(['approved', 'delivered', 'issued', 'settled', 'discrepancy']);

/** Dual-approval progress: one dot per required approval, filled when given. */
export function ApprovalProgress({
  d,
}: {
  d: Pick<Disbursement, 'requiredApprovals' | 'approvedBy'> & { status: string };
}): JSX.Element {
  const { t } = useT();
  const given = PAST_APPROVAL.has(d.status) ? d.requiredApprovals : d.approvedBy.length;
  const label = t('finance.progress', { given, required: d.requiredApprovals });
  return (
    <span class="progress-wrap" aria-label={label} title={label}>
      <span class="progress" aria-hidden="true">
        {Array.from({ length: d.requiredApprovals }, (_, i) => (
          <span key={i} class={`step ${i < given ? 'done' : ''}`} />
        ))}
      </span>{' '}
      <span class="small">
        {given}/{d.requiredApprovals}
      </span>
    </span>
  );
}

/** A modal (native <dialog>: focus stays inside, Esc closes) asking for a confirmation or a reason. */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  body?: string;
  askReason?: boolean;
  /** The label of the asked text (default: reason). */
  reasonLabel?: string;
  confirmLabel: string;
  onConfirm: (reason: string) => void;
  onClose: () => void;
  id?: string;
}): JSX.Element {
  const { t } = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (props.open && !dialog.open) {
      setReason('');
      dialog.showModal();
    } else if (!props.open && dialog.open) dialog.close();
  }, [props.open]);
  return (
    <dialog
      ref={ref}
      id={props.id}
      aria-labelledby={`${props.id ?? 'dialog'}-title`}
      onClose={props.onClose}
    >
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          if (props.askReason && !reason.trim()) return;
          props.onConfirm(reason.trim());
        }}
      >
        <h2 id={`${props.id ?? 'dialog'}-title`}>{props.title}</h2>
        {props.body && <p class="dialog-body">{props.body}</p>}
        {props.askReason && (
          <label>
            {props.reasonLabel ?? t('fields.reason')}
            <textarea
              required
              rows={3}
              value={reason}
              onInput={(e) => setReason(e.currentTarget.value)}
            />
          </label>
        )}
        <div class="actions">
          <button type="submit" class="confirm" disabled={props.askReason && !reason.trim()}>
            {props.confirmLabel}
          </button>
          <button type="button" class="secondary" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
