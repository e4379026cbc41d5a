import { isMaskedIdNumber, maskIdNumber } from './personal-data';

describe('maskIdNumber', () => {
  it('keeps the first 6 and last 4 characters', () => {
    expect(maskIdNumber('63262619800101123x')).toBe('632626********123X');
    expect(isMaskedIdNumber(maskIdNumber('632626198001011234'))).toBe(true);
    expect(isMaskedIdNumber('632626198001011234')).toBe(false);
  });

  it('refuses anything but an 18-character id', () => {
    expect(() => maskIdNumber('1234')).toThrow(/18-character/);
  });
});
