import { isResponseDuration } from './is-iso-duration.js';

describe('isResponseDuration', () => {
  it.each(['PT4H', 'P2D', 'P1W', 'PT30M', 'P1DT12H', 'PT90S', 'P1DT0H'])('accepts %j', (value) => {
    expect(isResponseDuration(value)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['designator only', 'P'],
    ['time designator only', 'PT'],
    ['zero', 'P0D'],
    ['zero time', 'PT0H'],
    ['months', 'P1M'],
    ['years', 'P1Y'],
    ['months with days', 'P1M2D'],
    ['negative', '-P1D'],
    ['prose', '4 hours'],
    ['hours without the time designator', 'P4H'],
    ['lower case', 'pt4h'],
    ['over-long', `P${'1'.repeat(40)}D`],
  ])('rejects %s (%j)', (_, value) => {
    expect(isResponseDuration(value)).toBe(false);
  });

  it.each([[4], [0], [null], [undefined], [{ hours: 4 }], [['PT4H']]])('rejects the non-string %p', (value) => {
    expect(isResponseDuration(value)).toBe(false);
  });
});
