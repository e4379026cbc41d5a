import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { fen, fenParam, PositiveFen } from './money';

class Amount {
  @PositiveFen()
  amountFen!: unknown;
}

const problems = (amountFen: unknown) =>
  validateSync(plainToInstance(Amount, { amountFen })).map((e) => e.property);

describe('money', () => {
  it('reads pg bigint strings as exact numbers of fen', () => {
    expect(fen('33500000')).toBe(33_500_000);
    expect(fen('-9007199254740991')).toBe(-Number.MAX_SAFE_INTEGER);
    expect(fen(null)).toBe(0);
  });

  it('refuses a bigint JSON cannot carry exactly', () => {
    expect(() => fen('9007199254740993')).toThrow(/not a safe integer/);
    expect(() => fen('1.5')).toThrow(/not a safe integer/);
    expect(() => fenParam(0.1)).toThrow(/not a safe integer/);
    expect(fenParam(-42)).toBe('-42');
  });

  it.each([1, 500_000, Number.MAX_SAFE_INTEGER])('accepts %p fen', (value) => {
    expect(problems(value)).toEqual([]);
  });

  it.each([0, -1, 1.5, '100', Number.MAX_SAFE_INTEGER + 2, Number.NaN, null])(
    'refuses %p as an amount',
    (value) => {
      expect(problems(value)).toEqual(['amountFen']);
    },
  );
});
