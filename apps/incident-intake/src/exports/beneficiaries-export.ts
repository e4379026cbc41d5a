import { col, ExportDefinition, maskId, text } from '@aidflow/exports';

/**
 * The beneficiary register as a file: id number and phone only in their stored masked form (the
 * cipher never leaves the database), the person's UUID shortened.
 */
export const BENEFICIARIES_EXPORT: ExportDefinition = {
  sql: `SELECT b.id, b.full_name, b.id_number_masked, b.phone_masked, b.category, b.tier,
               b.household_size, s.name AS site_name, b.employer, b.org_code, b.created_at
          FROM beneficiaries b LEFT JOIN sites s ON s.id = b.site_id
         WHERE b.org_code = ANY($1::text[]) AND ($2::uuid IS NULL OR b.incident_id = $2)
         ORDER BY b.created_at, b.id`,
  columns: [
    col('id', '受助人编号', 'ཕན་ཐོབ་པའི་ཨང་རྟགས།', 'Beneficiary', (r) => maskId(r.id)),
    col('fullName', '姓名', 'མིང་།', 'Name', text('full_name')),
    col('idNumber', '身份证号', 'ཐོབ་ཐང་ལག་ཁྱེར་ཨང་།', 'Resident id', text('id_number_masked')),
    col('phone', '电话', 'ཁ་པར།', 'Phone', text('phone_masked')),
    col('category', '类别', 'རིགས།', 'Category', text('category')),
    col('tier', '困难等级', 'དཀའ་ཚེགས་རིམ་པ།', 'Hardship tier', text('tier')),
    col('householdSize', '家庭人口', 'ཁྱིམ་མིའི་གྲངས།', 'Household size', text('household_size')),
    col('site', '安置点', 'ས་ཚིགས།', 'Site', text('site_name')),
    col('employer', '工作单位', 'ལས་བྱེད་ས།', 'Employer', text('employer')),
    col('org', '单位', 'ལས་ཁུངས།', 'Union unit', text('org_code')),
    col('createdAt', '登记时间', 'ཐོ་འགོད་དུས་ཚོད།', 'Registered at', text('created_at')),
  ],
};
