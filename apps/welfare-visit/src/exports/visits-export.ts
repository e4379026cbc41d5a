import { col, ExportDefinition, maskId, money, text } from '@aidflow/exports';

/** One row per person visited: where, when, by which team, the cash handed over and the goods. */
export const VISITS_EXPORT: ExportDefinition = {
  sql: `SELECT v.id, v.visited_at, s.name AS site_name, t.name AS team_name, v.org_code, v.status,
               vb.beneficiary_id, c.disbursement_id, c.amount_fen, c.verification,
               (SELECT string_agg(g.item_code || ' × ' || g.quantity, '; ' ORDER BY g.position)
                  FROM visit_goods_lines g
                 WHERE g.visit_id = vb.visit_id AND g.beneficiary_id = vb.beneficiary_id) AS goods,
               vb.receipt_sha256, v.logged_by
          FROM visits v
          JOIN visit_beneficiaries vb ON vb.visit_id = v.id
          JOIN teams t ON t.id = v.team_id
          LEFT JOIN site_replica s ON s.id = v.site_id
          LEFT JOIN visit_cash_lines c ON c.visit_id = vb.visit_id AND c.beneficiary_id = vb.beneficiary_id
         WHERE v.org_code = ANY($1::text[]) AND ($2::uuid IS NULL OR v.incident_id = $2)
         ORDER BY v.created_at, v.id, vb.position`,
  columns: [
    col('visit', '走访记录', 'འཚམས་འདྲིའི་ཟིན་ཐོ།', 'Visit', (r) => maskId(r.id)),
    col('visitedAt', '走访时间', 'འཚམས་འདྲིའི་དུས་ཚོད།', 'Visited at', text('visited_at')),
    col('site', '安置点', 'ས་ཚིགས།', 'Site', text('site_name')),
    col('team', '工作组', 'ལས་དོན་ཚོགས་ཆུང་།', 'Team', text('team_name')),
    col('org', '单位', 'ལས་ཁུངས།', 'Union unit', text('org_code')),
    col('status', '状态', 'གནས་སྟངས།', 'Status', text('status')),
    col('beneficiary', '受助人', 'ཕན་ཐོབ་པ།', 'Beneficiary', (r) => maskId(r.beneficiary_id)),
    col('disbursement', '发放编号', 'སྤྲོད་ལེན་ཨང་རྟགས།', 'Disbursement', (r) =>
      maskId(r.disbursement_id),
    ),
    col('cash', '慰问金（元）', 'འཚམས་འདྲིའི་དངུལ། (སྒོར།)', 'Cash (CNY)', money('amount_fen')),
    col('cashCheck', '核对', 'ཞིབ་བཤེར།', 'Cash check', text('verification')),
    col('goods', '物资', 'དངོས་པོ།', 'Goods', text('goods')),
    col('receipt', '收据', 'ལག་ཁྱེར།', 'Receipt', (r) =>
      typeof r.receipt_sha256 === 'string' ? r.receipt_sha256.slice(0, 12) : '',
    ),
    col('loggedBy', '记录人', 'ཟིན་ཐོ་འགོད་མཁན།', 'Logged by', text('logged_by')),
  ],
};
