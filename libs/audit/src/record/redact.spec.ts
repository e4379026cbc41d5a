import { maskMiddle, redactSummary } from './redact';

describe('redactSummary', () => {
  it('masks id numbers and phones at any depth and drops id hashes and ciphertexts', () => {
    const summary = {
      beneficiaryId: 'b1',
      idNumber: '11010519491231002X',
      phone: '13800138000',
      idNumberHash: 'abc',
      idNumberCipher: 'def',
      household: [{ name: 'x', IdNumber: '110105194912310021', contact: { phone: '13912345678' } }],
    };
    expect(redactSummary(summary)).toEqual({
      beneficiaryId: 'b1',
      idNumber: '110105********002X',
      phone: '138****8000',
      household: [{ name: 'x', IdNumber: '110105********0021', contact: { phone: '139****5678' } }],
    });
  });

  it('never lets a structured value under a sensitive key through', () => {
    expect(
      redactSummary({ idNumber: { raw: '110105194912310021' }, phone: ['13800138000'] }),
    ).toEqual({});
  });

  it('normalises like JSON: dates to strings, undefined dropped, nulls kept', () => {
    const at = new Date('2025-01-02T03:04:05.678Z');
    expect(redactSummary({ at, gone: undefined, phone: null })).toEqual({
      at: '2025-01-02T03:04:05.678Z',
      phone: null,
    });
    expect(redactSummary(undefined)).toEqual({});
  });

  it('masks numbers given as phones', () => {
    expect(redactSummary({ phone: 13800138000 })).toEqual({ phone: '138****8000' });
  });
});

describe('maskMiddle', () => {
  it('keeps head and tail, masks the rest', () => {
    expect(maskMiddle('11010519491231002X', 6, 4)).toBe('110105********002X');
  });
  it('masks short values completely', () => {
    expect(maskMiddle('1234567', 3, 4)).toBe('*******');
    expect(maskMiddle('', 3, 4)).toBe('');
  });
  it('is idempotent on an already masked value', () => {
    expect(maskMiddle('110105********002X', 6, 4)).toBe('110105********002X');
  });
});
