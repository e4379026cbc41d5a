// The mixed workload: groups of people registered, paid and visited in parallel lanes (each
// group's visit single, batch×3 or clock-skewed), the allocations among them; then every visit
// waited for until accepted; each phase with its cash advance. Run in phases (without and with faults).
import { idempotencyKey, ok, type Schemas } from '@aidflow/api-client';
import { people, type Person } from '../../scenario/maduo-data';
import { inParallel } from '../../scenario/scenario';
import { issueAdvance, settleAdvance } from './advance';
import { payGroup } from './people';
import { persist, tally } from './persist';
import { Plan } from './plan';
import { Setup } from './setup';
import { sendVisit, visitOf, VisitMode } from './visits';

const MODES: VisitMode[] = ['single', 'batch×3', 'skewed batch'];

export interface Group {
  index: number;
  members: { p: Person; index: number }[];
}

export interface PhaseFigures {
  groups: number;
  calls: number;
  seconds: number;
}

export class Workload {
  readonly visitIds: string[] = [];
  /** The batch a device sent last: re-sent when a welfare-visit replica fails over. */
  lastBatch?: Schemas['VisitDto'][];
  /** When each clock-skewed batch was sent (a row of the fault table). */
  readonly skewedBatches: { from: Date; to: Date }[] = [];
  /** People registered, paid and visited so far. */
  paidPeople = 0;
  /** The phases' advances: each must end settled with all of it handed over. */
  readonly advances: { id: string; amountFen: number }[] = [];
  private allocated = 0;

  constructor(
    private readonly setup: Setup,
    private readonly plan: Plan,
  ) {}

  setupOf(): Setup {
    return this.setup;
  }

  groups(runNumber: number): Group[] {
    const persons = people(this.plan.persons, runNumber);
    const groups: Group[] = [];
    for (let i = 0; i < persons.length; i += this.plan.perVisit)
      groups.push({
        index: groups.length,
        members: persons.slice(i, i + this.plan.perVisit).map((p, k) => ({ p, index: i + k })),
      });
    return groups;
  }

  /**
   * One phase: every group registered, paid and approved; an advance for the phase's cash issued;
   * every group's visit sent; the advance settled once all of it was handed over.
   */
  async runPhase(
    name: string,
    groups: Group[],
    total: number,
    lanes: number,
  ): Promise<PhaseFigures> {
    const since = Date.now();
    const calls = tally.calls;
    const paid = await inParallel(groups, lanes, async (group) => {
      await this.allocateDue(group.index, total);
      const site = this.setup.sites[group.index % this.setup.sites.length];
      return { group, site, paid: await payGroup(this.setup, this.plan, site.id, group.members) };
    });
    const cash = paid.reduce((sum, g) => sum + g.paid.reduce((s, p) => s + p.amountFen, 0), 0);
    const advanceId = await issueAdvance(
      this.setup,
      `chaos-${this.plan.runId}-advance-${name}`,
      cash,
    );
    this.advances.push({ id: advanceId, amountFen: cash });
    await inParallel(paid, lanes, async ({ group, site, paid: people }) => {
      const mode = MODES[group.index % MODES.length];
      const visit = visitOf(this.setup, site.id, people, mode);
      if (mode !== 'single') this.lastBatch = [visit];
      const from = new Date();
      await sendVisit(this.setup, visit, mode);
      if (mode === 'skewed batch') this.skewedBatches.push({ from, to: new Date() });
      this.visitIds.push(visit.id);
    });
    await settleAdvance(this.setup, advanceId, cash);
    this.paidPeople += paid.reduce((n, g) => n + g.paid.length, 0);
    return {
      groups: groups.length,
      calls: tally.calls - calls,
      seconds: (Date.now() - since) / 1000,
    };
  }

  /** The allocations are spread over the run: the i-th once the run is i/3 through. */
  private async allocateDue(groupIndex: number, total: number): Promise<void> {
    while (
      this.allocated < this.plan.allocations.length &&
      groupIndex >= (this.allocated * total) / this.plan.allocations.length
    ) {
      const i = this.allocated++;
      const a = this.plan.allocations[i];
      await persist(`allocation to ${a.toOrgCode}`, () =>
        ok(
          this.setup.users.finance.api.POST('/api/allocations', {
            params: { header: idempotencyKey(`chaos-${this.plan.runId}-allocation-${i}`) },
            body: {
              fromFundId: this.setup.fundId,
              toOrgCode: a.toOrgCode,
              amountFen: a.amountFen,
              purpose: 'working',
              note: 'chaos allocation',
            },
          }),
        ),
      );
    }
  }

  /** Every visit accepted (a visit that beat its disbursement's approval is verified later). */
  async awaitAccepted(): Promise<void> {
    await inParallel(this.visitIds, 4, (id) =>
      persist(`visit ${id} accepted`, async () => {
        const visit = await ok(
          this.setup.users.field.api.GET('/api/visits/{id}', { params: { path: { id } } }),
        );
        if (visit.status === 'flagged')
          throw new Error(`visit ${id} flagged: ${JSON.stringify(visit)}`);
        if (visit.status !== 'accepted') throw new Error(`visit ${id} is ${visit.status}`);
        return visit;
      }),
    );
  }
}
