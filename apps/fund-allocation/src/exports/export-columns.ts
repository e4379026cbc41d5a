import { col, ExportDefinition, maskId, money, text } from '@aidflow/exports';

/** fund-allocation's exports; beneficiaries and visits live with the services that own them. */
export const EXPORTS: Record<'disbursements' | 'advances', ExportDefinition> = {
  disbursements: {
    sql: `SELECT d.id, f.code AS fund_code, d.beneficiary_id, b.site_id, d.amount_fen, d.purpose, d.status,
                 d.org_code, d.requested_by, array_to_string(d.approved_by, ' ') AS approved_by,
                 d.delivered_visit_id, d.created_at, d.updated_at
            FROM disbursements d JOIN funds f ON f.id = d.fund_id
            LEFT JOIN beneficiary_replica b ON b.id = d.beneficiary_id
           WHERE d.org_code = ANY($1::text[]) AND ($2::uuid IS NULL OR d.incident_id = $2)
           ORDER BY d.created_at, d.id`,
    columns: [
      col('id', '发放编号', 'སྤྲོད་ལེན་ཨང་རྟགས།', 'Disbursement', (r) => maskId(r.id)),
      col('fund', '资金代码', 'མ་རྩའི་ཨང་རྟགས།', 'Fund code', text('fund_code')),
      col('beneficiary', '受助人', 'ཕན་ཐོབ་པ།', 'Beneficiary', (r) => maskId(r.beneficiary_id)),
      col('site', '安置点', 'གནས་ཚུལ་ས་གནས།', 'Site', (r) => maskId(r.site_id)),
      col('amount', '金额（元）', 'དངུལ་གྲངས། (སྒོར།)', 'Amount (CNY)', money('amount_fen')),
      col('purpose', '用途', 'བེད་སྤྱོད།', 'Purpose', text('purpose')),
      col('status', '状态', 'གནས་སྟངས།', 'Status', text('status')),
      col('org', '单位', 'ལས་ཁུངས།', 'Union unit', text('org_code')),
      col('requestedBy', '申请人', 'ཞུ་མཁན།', 'Requested by', text('requested_by')),
      col('approvedBy', '审批人', 'ཆོག་མཆན་གནང་མཁན།', 'Approved by', text('approved_by')),
      col('visit', '走访记录', 'འཚམས་འདྲིའི་ཟིན་ཐོ།', 'Visit', (r) => maskId(r.delivered_visit_id)),
      col('createdAt', '申请时间', 'ཞུ་བའི་དུས་ཚོད།', 'Requested at', text('created_at')),
      col('updatedAt', '更新时间', 'གསར་བཅོས་དུས་ཚོད།', 'Updated at', text('updated_at')),
    ],
  },
  advances: {
    sql: `SELECT a.id, f.code AS fund_code, t.name AS team_name, a.amount_fen, a.handed_over_fen, a.returned_fen,
                 a.outstanding_fen, a.status, a.org_code, a.requested_by, a.issued_at, a.settled_at,
                 a.settlement_reason
            FROM advances a JOIN funds f ON f.id = a.fund_id JOIN team_replica t ON t.id = a.team_id
           WHERE a.org_code = ANY($1::text[]) AND ($2::uuid IS NULL OR a.incident_id = $2)
           ORDER BY a.created_at, a.id`,
    columns: [
      col('id', '备用金编号', 'སྔོན་སྤྲོད་དངུལ་ཨང་རྟགས།', 'Advance', (r) => maskId(r.id)),
      col('fund', '资金代码', 'མ་རྩའི་ཨང་རྟགས།', 'Fund code', text('fund_code')),
      col('team', '工作组', 'ལས་དོན་ཚོགས་ཆུང་།', 'Team', text('team_name')),
      col('amount', '领用（元）', 'ལེན་པ། (སྒོར།)', 'Drawn (CNY)', money('amount_fen')),
      col(
        'handedOver',
        '已发放（元）',
        'སྤྲད་ཟིན། (སྒོར།)',
        'Handed over (CNY)',
        money('handed_over_fen'),
      ),
      col('returned', '已退回（元）', 'ཕྱིར་སློག (སྒོར།)', 'Returned (CNY)', money('returned_fen')),
      col(
        'outstanding',
        '未结清（元）',
        'མ་འཁྱོངས་པ། (སྒོར།)',
        'Outstanding (CNY)',
        money('outstanding_fen'),
      ),
      col('status', '状态', 'གནས་སྟངས།', 'Status', text('status')),
      col('org', '单位', 'ལས་ཁུངས།', 'Union unit', text('org_code')),
      col('requestedBy', '申请人', 'ཞུ་མཁན།', 'Requested by', text('requested_by')),
      col('issuedAt', '领用时间', 'སྤྲོད་པའི་དུས་ཚོད།', 'Issued at', text('issued_at')),
      col('settledAt', '结算时间', 'རྩིས་འཁྱོངས་དུས་ཚོད།', 'Settled at', text('settled_at')),
      col('reason', '差异说明', 'ཁྱད་པར་གསལ་བཤད།', 'Discrepancy reason', text('settlement_reason')),
    ],
  },
};
