import { FundLine, inTreeOrder } from './finance-report.data';
import { REPORT_LABELS } from './finance-report.labels';
import { groupedYuan, identityLine } from './finance-report.render';
import { REPORT_FONTS } from './pdf/report-fonts';

const fund = (over: Partial<FundLine>): FundLine => ({
  id: 'f',
  code: 'F',
  name: 'F',
  ownerOrgCode: 'QH',
  ownerOrgName: 'QH',
  parentFundId: null,
  depth: 0,
  amountFen: 0,
  allocatedDownFen: 0,
  reservedFen: 0,
  deliveredFen: 0,
  availableFen: 0,
  ...over,
});

describe('finance report text', () => {
  it('formats fen as grouped yuan without floating point', () => {
    expect(groupedYuan(33_500_000)).toBe('335,000.00');
    expect(groupedYuan(5)).toBe('0.05');
    expect(groupedYuan(-123_456_789)).toBe('-1,234,567.89');
    expect(groupedYuan(Number.MAX_SAFE_INTEGER)).toBe('90,071,992,547,409.91');
  });

  it('writes the identity with the zero terms left out, and flags one that does not hold', () => {
    const maduo = fund({
      amountFen: 33_500_000,
      deliveredFen: 24_500_000,
      allocatedDownFen: 9_000_000,
    });
    expect(identityLine(maduo, REPORT_LABELS.en)).toBe(
      '335,000.00 = 245,000.00 delivered + 90,000.00 passed down',
    );
    expect(identityLine(maduo, REPORT_LABELS['zh-CN'])).toBe(
      '335,000.00 = 245,000.00 已发放 + 90,000.00 已下拨',
    );
    expect(identityLine(fund({ amountFen: 100, availableFen: 99 }), REPORT_LABELS.en)).toBe(
      '1.00 = 0.99 available  (NOT BALANCED)',
    );
  });

  it('orders funds as a tree, a fund whose parent is out of view at the top', () => {
    const rows = [
      { id: 'c', parentFundId: 'a' },
      { id: 'a', parentFundId: null },
      { id: 'd', parentFundId: 'hidden' },
      { id: 'b', parentFundId: 'a' },
      { id: 'e', parentFundId: 'c' },
    ];
    expect(inTreeOrder(rows).map((r) => `${r.id}${r.depth}`)).toEqual([
      'a0',
      'c1',
      'e2',
      'b1',
      'd0',
    ]);
  });

  it('splits text into Chinese and Tibetan runs, rarer Han characters into their subset', () => {
    expect(REPORT_FONTS.runs('玛多 ཕན་ཐོབ་པ། 1.00', 'regular')).toEqual([
      { font: 'sc-regular', text: '玛多 ' },
      { font: 'bo-regular', text: 'ཕན་ཐོབ་པ།' },
      { font: 'sc-regular', text: ' 1.00' },
    ]);
    // 龐 (traditional, U+9F90) is not in the simplified-Chinese set but in numbered subset 21.
    expect(REPORT_FONTS.runs('龐', 'bold')).toEqual([{ font: 'sc-21-bold', text: '龐' }]);
    expect(REPORT_FONTS.buffer('sc-21-bold').length).toBeGreaterThan(1000);
  });

  it('hands pdfkit plain TrueType, unwrapped from the WOFF once (fontkit re-inflates WOFF tables per glyph)', () => {
    for (const key of ['sc-regular', 'bo-bold'] as const)
      expect(REPORT_FONTS.buffer(key).readUInt32BE(0)).toBe(0x00010000);
  });
});
