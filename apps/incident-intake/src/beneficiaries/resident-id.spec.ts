import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  normalizeResidentId,
  ResidentIdField,
  residentIdCheckChar,
  residentIdProblem,
} from './resident-id';

/** A valid id from a region code, a birth date and a sequence number, its check digit computed. */
function residentId(region: string, birth: string, sequence: string): string {
  const first17 = `${region}${birth}${sequence}`;
  return first17 + residentIdCheckChar(first17);
}

/** The same id with a different (so wrong) last character. */
function withWrongCheck(id: string): string {
  const right = id[17];
  const wrong = right === '0' ? '1' : '0';
  return id.slice(0, 17) + wrong;
}

const TODAY = new Date('2021-05-27T04:00:00Z');

describe('resident id (GB 11643, ISO 7064 MOD 11-2)', () => {
  it('computes the published check digit of the standard example', () => {
    // GB 11643-1999 appendix example: 11010519491231002X.
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdProblem('11010519491231002X', TODAY)).toBeUndefined();
  });

  it('accepts generated ids for every check character', () => {
    const checks = new Set<string>();
    for (let seq = 100; seq < 200; seq += 1) {
      const id = residentId('632626', '19850314', String(seq));
      checks.add(id[17]);
      expect(residentIdProblem(id, TODAY)).toBeUndefined();
    }
    // 100 sequence numbers cover all 11 possible check characters, X included.
    expect(checks.size).toBe(11);
  });

  it('refuses a wrong check digit', () => {
    const id = residentId('632626', '19850314', '123');
    expect(residentIdProblem(withWrongCheck(id), TODAY)).toBe('check digit does not match');
    expect(residentIdProblem('110105194912310021', TODAY)).toBe('check digit does not match');
  });

  it.each([
    ['short', '63262619850314123', 'must be 18 characters'],
    ['long', '6326261985031412345', 'must be 18 characters'],
    ['letters in the body', '6326261985O314123X', 'the first 17 characters must be digits'],
    [
      'bad last character',
      '632626198503141231'.slice(0, 17) + 'Y',
      'the last character must be a digit or X',
    ],
    ['lower-case x unnormalised', '11010519491231002x', 'the last character must be a digit or X'],
  ])('refuses %s', (_label, id, problem) => {
    expect(residentIdProblem(id, TODAY)).toBe(problem);
  });

  it.each([
    ['30 February', '19850230'],
    ['month 13', '19851301'],
    ['day 00', '19850300'],
    ['29 February of a non-leap year', '19010229'],
    ['before 1900', '18991231'],
  ])('refuses a birth date that is not real: %s', (_label, birth) => {
    const id = residentId('632626', birth, '123');
    expect(residentIdProblem(id, TODAY)).toBe('birth date (characters 7–14) is not a real date');
  });

  it('accepts 29 February of a leap year and today, refuses tomorrow', () => {
    expect(residentIdProblem(residentId('632626', '20000229', '123'), TODAY)).toBeUndefined();
    expect(residentIdProblem(residentId('632626', '20210527', '123'), TODAY)).toBeUndefined();
    expect(residentIdProblem(residentId('632626', '20210528', '123'), TODAY)).toBe(
      'birth date (characters 7–14) is in the future',
    );
  });

  it('refuses non-strings', () => {
    expect(residentIdProblem(110105194912310000, TODAY)).toBe('must be a string');
    expect(residentIdProblem(undefined, TODAY)).toBe('must be a string');
  });

  it('normalises a lower-case x and surrounding spaces', () => {
    expect(normalizeResidentId(' 11010519491231002x ')).toBe('11010519491231002X');
  });
});

class Holder {
  @ResidentIdField()
  idNumber!: string;
}

describe('@ResidentIdField', () => {
  const errorsFor = (idNumber: unknown) =>
    validateSync(plainToInstance(Holder, { idNumber })).flatMap((e) =>
      Object.values(e.constraints ?? {}),
    );

  it('passes a valid id, lower-case x normalised first', () => {
    expect(errorsFor('11010519491231002x')).toEqual([]);
  });

  it('names the problem without repeating the id', () => {
    const bad = withWrongCheck(residentId('632626', '19850314', '123'));
    const messages = errorsFor(bad);
    expect(messages).toEqual(['check digit does not match']);
    expect(messages.join(' ')).not.toContain(bad);
  });
});
