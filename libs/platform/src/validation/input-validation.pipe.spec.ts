import { BadUserInputError } from '../errors/domain-error.js';
import { InputValidationPipe, unsafeTextIn } from './input-validation.pipe.js';
import { UuidPipe } from './uuid.pipe.js';

describe('unsafeTextIn', () => {
  it('finds a NUL byte or a lone surrogate at any depth and names its path', () => {
    expect(unsafeTextIn('a\u0000b', 'code')).toEqual({ path: 'code', reason: 'NUL_CHARACTER' });
    expect(unsafeTextIn({ serviceAreas: [{ code: 'x' }, { name: 'y\ud800' }] }, 'input')).toEqual({
      path: 'input.serviceAreas.1.name',
      reason: 'LONE_SURROGATE',
    });
    expect(unsafeTextIn(['ok', '\udc00'], 'ids')).toEqual({ path: 'ids.1', reason: 'LONE_SURROGATE' });
  });

  it('accepts well-formed text, surrogate pairs included', () => {
    expect(unsafeTextIn({ name: '山田 👪', list: ['a'], n: 1, at: new Date() }, 'input')).toBeNull();
  });
});

describe('InputValidationPipe', () => {
  const pipe = new InputValidationPipe();

  it('refuses an argument holding a NUL byte as BAD_USER_INPUT naming the path', async () => {
    const error: unknown = await pipe
      .transform({ note: 'a\u0000' }, { type: 'body', data: 'input', metatype: Object })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadUserInputError);
    expect((error as BadUserInputError).details).toEqual({ field: 'input.note', reason: 'NUL_CHARACTER' });
  });

  it('leaves values of custom parameters (the caller, the context) alone', async () => {
    const caller = { label: 'a\u0000' };
    await expect(pipe.transform(caller, { type: 'custom', data: undefined, metatype: Object })).resolves.toBe(caller);
  });
});

describe('UuidPipe', () => {
  const pipe = new UuidPipe();
  const id = '6F1C0A52-7D1E-4A8F-9D1B-1C2D3E4F5A6B';

  it('normalises a UUID and each UUID of a list', () => {
    expect(pipe.transform(id, { type: 'body', data: 'id' })).toBe(id.toLowerCase());
    expect(pipe.transform([id], { type: 'body', data: 'ids' })).toEqual([id.toLowerCase()]);
  });

  it('names the list item that is not a UUID', () => {
    expect(() => pipe.transform([id, 'x'], { type: 'body', data: 'memberAgencyIds' })).toThrow(
      expect.objectContaining({ details: { field: 'memberAgencyIds.1' } }),
    );
  });
});
